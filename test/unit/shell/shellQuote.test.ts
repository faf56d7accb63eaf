import { describe, expect, test } from 'vitest';
import { shellCommand, shellQuote } from '../../../src/core/shell/shellQuote';
import { HOSTILE, runSh } from './shellFixtures';

describe('shellQuote: a value reaches the command literally', () => {
  test.each(HOSTILE)('%j arrives as one argument, and nothing runs', (value) => {
    const { out, created } = runSh(`printf '%s\\n' ${shellQuote(value)}`);
    expect(out).toBe(`${value}\n`);
    expect(created).toEqual([]);
  });

  test('several hostile values in one command stay separate arguments', () => {
    const { out, created } = runSh(`printf '[%s]\\n' ${HOSTILE.map(shellQuote).join(' ')}`);
    expect(out).toBe(HOSTILE.map((v) => `[${v}]\n`).join(''));
    expect(created).toEqual([]);
  });

  test('everyday words stay bare, so the command reads as typed', () => {
    expect(shellCommand('modal', 'volume', 'get', 'ft-vol', 'runs/20260101-000000-quora-1a2b/model', './quora-model')).toBe(
      'modal volume get ft-vol runs/20260101-000000-quora-1a2b/model ./quora-model');
    expect(shellQuote('alice/model@main')).toBe('alice/model@main');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  test('a tilde or a glob is not expanded', () => {
    expect(runSh(`printf '%s\\n' ${shellQuote('~/x')} ${shellQuote('*')}`).out).toBe('~/x\n*\n');
  });
});
