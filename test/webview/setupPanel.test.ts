// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/core/events/protocol';
import { runEventSchema } from '../../src/core/events/protocol';
import { summarize } from '../../src/core/events/reducer';
import { DashboardFeed } from '../../src/extension/panel/dashboardModel';
import { App } from '../../webview-ui/app';
import { fakeApi, goldenEvents, metaFor, setupDom } from './fixtures';

let app: App | undefined;
afterEach(() => app?.dispose());

/** The golden completed stream with a training_setup event after the dataset event. */
function withSetup(fields: Record<string, unknown>): RunEvent[] {
  const events = goldenEvents('completed.jsonl');
  const at = events.findIndex((e) => e.type === 'dataset') + 1;
  const base = events[at - 1]!;
  const setup = runEventSchema.parse({ v: 1, run_id: base.run_id, seq: base.seq + 1, ts: base.ts, type: 'training_setup', ...fields });
  // Later events move up one: the reducer skips a seq it has already applied.
  return [...events.slice(0, at), setup, ...events.slice(at).map((e) => ({ ...e, seq: e.seq + 1 }))];
}

function render(events: RunEvent[]) {
  const root = setupDom('dashboard');
  app = new App(fakeApi(), root);
  const snap = new DashboardFeed().snapshot(metaFor(events, 'completed'), summarize(events), []);
  app.handle({ type: 'run.snapshot', ...snap });
}

const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();

const SETUP = {
  prompts: { query: 'query: ', document: 'passage: ', symmetric: false, source: 'catalog' },
  column_prompts: { anchor: 'query: ', positive: 'passage: ' },
  precision: 'fp16', tf32: false, compute_capability: '7.5', max_seq_length: 512,
  trainable_parameters: 294_912, total_parameters: 109_482_240, negatives_per_example: 63,
};

describe('training setup panel', () => {
  it('shows the precision chosen for the GPU, the prompts and where they came from, trainable parameters and negatives', () => {
    render(withSetup(SETUP));
    expect(document.querySelector('#training-setup')?.hasAttribute('hidden')).toBe(false);
    expect(text('setup-precision')).toBe('fp16 (compute capability 7.5)');
    expect(text('setup-prompts')).toBe('query "query: ", document "passage: " — the model family\'s (catalog)');
    expect(text('setup-parameters')).toBe('294.9k of 109.5M (0.27%)');
    expect(text('setup-seq')).toBe('512 tokens');
    expect(text('setup-negatives')).toBe('63');
  });

  it('a symmetric run on Ampere with every parameter trained and no prompts', () => {
    render(withSetup({ ...SETUP, prompts: { query: '', document: '', symmetric: true, source: 'none' }, column_prompts: {},
      precision: 'bf16', tf32: true, compute_capability: '8.6', trainable_parameters: 1000, total_parameters: 1000, negatives_per_example: null }));
    expect(text('setup-precision')).toBe('bf16 + TF32 (compute capability 8.6)');
    expect(text('setup-prompts')).toBe('none — none');
    expect(text('setup-parameters')).toBe('1.0k (all)');
    expect(document.querySelector('[data-testid="setup-negatives"]')).toBeNull();
  });

  it('a stream without the event (an older run) hides the panel', () => {
    render(goldenEvents('completed.jsonl'));
    expect(document.querySelector('#training-setup')?.hasAttribute('hidden')).toBe(true);
  });
});
