import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import type { EventOf } from '../../../src/core/events/protocol';
import { RunStore } from '../../../src/core/runs/runStore';
import { completed, happyEvents, makeMeta, PRIMARY } from '../runs/runFixtures';

const ws = mkdtempSync(join(tmpdir(), 'fte-report-'));
const cwdBefore = process.cwd();

function record(id: string, done: EventOf<'completed'> | null): void {
  const store = new RunStore(ws);
  mkdirSync(join(ws, '.finetune', 'runs', id), { recursive: true });
  store.writeMeta(makeMeta(id, { state: done ? 'completed' : 'running', createdAt: `2026-02-0${id.length}T00:00:00.000Z` }));
  const log = store.openEventLog(id);
  const events = happyEvents(id).filter((e) => e.type !== 'completed');
  for (const e of events) log.append(e);
  if (done) log.append({ ...done, seq: events.length + 1 });
  log.close();
}

beforeAll(() => {
  const base = completed('run-ci', 99, 0.8);
  record('run-ci', { ...base, split: 'test', n: 404, corpus_size: null, delta_ci95: [0.021, 0.083], verdict: 'better', also: [] });
  record('run-running', null);
  // A sweep: worker 0's stream ends with sweep_completed carrying the chosen trial's test report.
  const store = new RunStore(ws);
  for (const [id, kind, parentId] of [['sw', 'sweep', undefined], ['sw-w0', 'worker', 'sw']] as const) {
    mkdirSync(join(ws, '.finetune', 'runs', id), { recursive: true });
    store.writeMeta(makeMeta(id, { state: 'completed', kind, ...(parentId ? { parentId } : {}) }));
  }
  const log = store.openEventLog('sw-w0');
  log.append({ v: 1, run_id: 'sw-w0', seq: 1, ts: '2026-02-01T00:00:00.000Z', type: 'sweep_completed', trials: 4, best_trial: 2, best_value: 0.9,
    best_params: { learning_rate: 0.001 }, test: { metric: PRIMARY, split: 'test', n: 300, corpus_size: null, baseline: 0.7, finetuned: 0.75, delta: 0.05,
      delta_ci95: [-0.01, 0.11], verdict: 'no clear change', also: [] } });
  log.close();
  process.chdir(ws);
});
afterAll(() => {
  process.chdir(cwdBefore);
  rmSync(ws, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('report RUN', () => {
  it('--json prints exactly the report keys, from the test set', async () => {
    const r = await cli('report', 'run-ci', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['metric', 'split', 'n', 'corpus_size', 'baseline', 'finetuned', 'delta', 'delta_ci95', 'verdict', 'also']);
    expect(report).toMatchObject({ metric: PRIMARY, split: 'test', n: 404, corpus_size: null, baseline: 0.7, finetuned: 0.8, delta_ci95: [0.021, 0.083], verdict: 'better', also: [] });
    expect(report.delta).toBeCloseTo(0.1, 10);
  });

  it('as text says the split, the interval and the verdict', async () => {
    const r = await cli('report', 'run-ci');
    expect(r.out).toContain('cosine_ap on the test split, 404 items');
    expect(r.out).toContain('+0.1000 (95% CI +0.0210 to +0.0830): better');
  });

  it('a sweep reports its chosen trial\'s test score, not its validation best', async () => {
    const r = await cli('report', 'sw', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ split: 'test', n: 300, finetuned: 0.75, delta_ci95: [-0.01, 0.11], verdict: 'no clear change' });
  });

  it('a run that has not completed has no report: exit 1 saying so', async () => {
    const r = await cli('report', 'run-running');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no test report .*running/);
  });
});
