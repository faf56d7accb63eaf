import { describe, expect, it } from 'vitest';
import { getEvaluator } from '../../../src/core/catalog/evaluators';
import { getLoss } from '../../../src/core/catalog/losses';
import { getTask } from '../../../src/core/catalog/tasks';
import { hoverAt } from '../../../src/core/config/hover';

const TEXT = `task: duplicate-classification
model: BAAI/bge-base-en-v1.5
dataset:
  hub: sentence-transformers/quora-duplicates
  columns: { text1: sentence1, text2: sentence2, label: label }
loss: OnlineContrastiveLoss
evaluator: BinaryClassificationEvaluator
training: { epochs: 1, batch_size: 16 }
compute: { gpu: "H100:2" }
`;

/** Hover in the middle of the first occurrence of `word` (after `after`, if given). */
function hover(word: string, after = '') {
  const offset = TEXT.indexOf(word, TEXT.indexOf(after)) + Math.floor(word.length / 2);
  return hoverAt(TEXT, offset);
}

describe('hovers', () => {
  it('on the task name: the catalog explanation and format', () => {
    const h = hover('duplicate-classification')!;
    const task = getTask('duplicate-classification')!;
    expect(h.markdown).toContain(task.title);
    expect(h.markdown).toContain(task.explanation);
    expect(h.markdown).toContain('`text1`');
    expect(h.markdown).toContain('OnlineContrastiveLoss + BinaryClassificationEvaluator');
    expect(h.range).toEqual({ start: { line: 0, character: 6 }, end: { line: 0, character: 30 } });
  });

  it('on the loss name: summary, why it fits the task, arguments and a docs link', () => {
    const h = hover('OnlineContrastiveLoss', 'loss:')!;
    const loss = getLoss('OnlineContrastiveLoss')!;
    expect(h.markdown).toContain(loss.summary);
    expect(h.markdown).toContain(getTask('duplicate-classification')!.losses[0]!.why);
    expect(h.markdown).toContain('`margin` = 0.5');
    expect(h.markdown).toContain(`](${loss.docs})`);
    expect(loss.docs).toMatch(/^https:\/\/sbert\.net\//);
    expect(h.range.start.line).toBe(5);
  });

  it('on the evaluator name: summary, primary metric, metric list and a docs link', () => {
    const h = hover('BinaryClassificationEvaluator')!;
    const e = getEvaluator('BinaryClassificationEvaluator')!;
    expect(h.markdown).toContain(e.summary);
    expect(h.markdown).toContain('Primary metric: `cosine_ap`');
    expect(h.markdown).toContain('`cosine_f1`');
    expect(h.markdown).toContain(`](${e.docs})`);
  });

  it('on keys: the schema description', () => {
    expect(hover('batch_size')!.markdown).toContain('**training.batch_size**');
    expect(hover('columns')!.markdown).toContain('Role -> column name');
  });

  it('on a model and a GPU with a count', () => {
    expect(hover('BAAI/bge-base-en-v1.5')!.markdown).toContain('768-dimensional');
    expect(hover('H100:2')!.markdown).toContain('2 × H100');
    expect(hover('H100:2')!.markdown).toContain('$7.90 per hour');
  });

  it('nothing for unknown names, plain values or whitespace', () => {
    expect(hoverAt('loss: NotALoss\n', 8)).toBeUndefined();
    expect(hoverAt('task: nope\n', 7)).toBeUndefined();
    expect(hover('sentence1')).toBeUndefined();
    expect(hoverAt(TEXT, TEXT.length)).toBeUndefined();
  });
});
