import { describe, expect, it } from 'vitest';
import { guessColumns } from '../../../src/core/catalog/columnGuess';
import { getTask } from '../../../src/core/catalog/tasks';

const specs = (task: string) => getTask(task)!.columns;

describe('guessing column roles from a dataset', () => {
  it('the quickstart: question is the anchor by its name, runbook the positive as the text column left', () => {
    const rows = [['how do I rotate the secrets?', 'If Sorrel logs 401s from its upstream, its token expired: request a new one.']];
    expect(guessColumns(specs('information-retrieval'), ['question', 'runbook'], rows)).toEqual({
      anchor: { column: 'question', reason: 'guessed from the column name' },
      positive: { column: 'runbook', reason: 'guessed: the text column left' },
    });
  });

  it('no names to go by: the shorter texts are the queries, whatever the column order', () => {
    const rows = [['A long passage that answers the question in many words.', 'short query?']];
    const g = guessColumns(specs('information-retrieval'), ['body', 'ask'], rows);
    expect([g.anchor?.column, g.positive?.column]).toEqual(['ask', 'body']);
    expect(g.anchor?.reason).toBe('guessed: the shortest texts, like queries');
  });

  it('a 0/1 column is the label by its values, and names map the pair', () => {
    const rows = [['a', 'b', '1'], ['c', 'd', '0']];
    const g = guessColumns(specs('duplicate-classification'), ['sentence1', 'sentence2', 'dup'], rows);
    expect(g).toEqual({
      text1: { column: 'sentence1', reason: 'guessed from the column name' },
      text2: { column: 'sentence2', reason: 'guessed from the column name' },
      label: { column: 'dup', reason: 'guessed from the values (all 0 or 1)' },
    });
  });

  it('a synonym whose values do not fit is not taken; the exact role name is (its values are the checks\' business)', () => {
    const rows = [['x', 'y', 'yes'], ['z', 'w', 'no']];
    const g = guessColumns(specs('duplicate-classification'), ['sentence1', 'sentence2', 'is_duplicate'], rows);
    expect(g.label).toBeUndefined();
    expect(new Set(Object.values(g).map((x) => x.column)).size).toBe(Object.keys(g).length);
    expect(guessColumns(specs('duplicate-classification'), ['text1', 'text2', 'label'], rows).label).toEqual({ column: 'label', reason: 'guessed from the column name' });
  });

  it('a score from numbers in [0, 1]; optional roles are never filled by elimination', () => {
    const rows = [['a', 'b', '0.8'], ['c', 'd', '0.25']];
    expect(guessColumns(specs('semantic-similarity'), ['s1', 's2', 'sim'], rows).score).toEqual({ column: 'sim', reason: 'guessed from the column name' });
    const ir = guessColumns(specs('information-retrieval'), ['query', 'answer', 'notes'], [['q', 'a long answer', 'some notes']]);
    expect(ir.negative).toBeUndefined();
  });
});
