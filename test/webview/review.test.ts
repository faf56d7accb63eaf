// @vitest-environment jsdom
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { droppedPath, dropRows, reviewSample, ReviewStaleError } from '../../src/core/synthesize/review';
import { parseHostMessage, parseWebviewMessage, type WebviewMessageOf } from '../../src/protocol/messages';
import { App } from '../../webview-ui/app';
import { catalogData } from '../../src/extension/panel/wizardModel';
import { fakeApi, setupDom } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'fte-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let app: App | undefined;
afterEach(() => app?.dispose());

const row = (anchor: string, verdict = 'kept', rank = 1) => JSON.stringify({ anchor, positive: `rest of ${anchor}`, context: `chunk with ${anchor}`, source: 'docs/a.md', chunk: 0, start: 0, end: 9, rank, verdict });

function files(): string {
  const out = join(dir, `synthetic-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(out, ['kestrel rotates certificates', 'juniper pool size', 'dunlin drain command'].map((a) => row(a)).join('\n') + '\n');
  writeFileSync(droppedPath(out), `${row('lorem ipsum nonsense', 'round_trip', 9)}\n${row('juniper pool size', 'duplicate', 1)}\n`);
  return out;
}

describe('review before training: the sample and dropping (core)', () => {
  it('samples kept rows from the training file and dropped ones with their verdicts', () => {
    const out = files();
    const s = reviewSample(out);
    expect(s).toMatchObject({ keptTotal: 3, droppedTotal: 2 });
    expect(s.kept.map((r) => [r.line, r.query, r.chunk])).toEqual([[1, 'kestrel rotates certificates', 'chunk with kestrel rotates certificates'],
      [2, 'juniper pool size', 'chunk with juniper pool size'], [3, 'dunlin drain command', 'chunk with dunlin drain command']]);
    expect(s.dropped.map((r) => [r.verdict, r.rank])).toEqual([['round_trip', 9], ['duplicate', 1]]);
    expect(reviewSample(out, 2).kept).toHaveLength(2);
  });

  it('dropping removes those rows from the training file only, and refuses a file that changed since the sample', () => {
    const out = files();
    const droppedBefore = readFileSync(droppedPath(out), 'utf8');
    expect(dropRows(out, [{ line: 2, query: 'juniper pool size' }])).toBe(1);
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { anchor: string }).anchor)).toEqual(['kestrel rotates certificates', 'dunlin drain command']);
    expect(readFileSync(droppedPath(out), 'utf8')).toBe(droppedBefore);
    const now = readFileSync(out, 'utf8');
    expect(() => dropRows(out, [{ line: 2, query: 'juniper pool size' }])).toThrow(ReviewStaleError);
    expect(readFileSync(out, 'utf8'), 'a stale pick drops nothing').toBe(now);
  });
});

describe('review before training: the view', () => {
  it('shows queries beside their chunks with the verdict, and posts the ticked ones to drop', () => {
    const api = fakeApi();
    app = new App(api, setupDom('review'), { debounceMs: 0 });
    const out = files();
    expect(app.handle({ type: 'review.snapshot', sample: reviewSample(out), config: 'docs.finetune.yaml', recommendEval: true, message: null })).toBe(true);
    const kept = [...document.querySelectorAll('#review-kept tbody tr')];
    expect(kept.map((tr) => tr.querySelector('.review-query')?.textContent)).toEqual(['kestrel rotates certificates', 'juniper pool size', 'dunlin drain command']);
    expect(kept[0]!.querySelector('.review-chunk')?.textContent).toContain('chunk with kestrel rotates certificates');
    expect(document.querySelector('#review-dropped tbody tr .review-verdict')?.textContent).toBe('dropped: its chunk ranked too low (rank 9)');
    expect(document.querySelector('#review-summary')?.textContent).toMatch(/3 queries kept.*2 dropped.*keep rate 60%/);
    expect(document.querySelector('#review-eval')?.textContent).toMatch(/real questions/);
    const drop = document.querySelector('#review-drop') as HTMLElement;
    expect(drop.hasAttribute('disabled')).toBe(true);
    const box = kept[1]!.querySelector('input[type=checkbox]') as HTMLInputElement;
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    expect(drop.hasAttribute('disabled')).toBe(false);
    drop.click();
    const posted = api.posted.filter((m): m is WebviewMessageOf<'review.drop'> => m.type === 'review.drop');
    expect(posted.map((m) => m.picks)).toEqual([[{ line: 2, query: 'juniper pool size' }]]);
    expect(parseWebviewMessage(posted[0]).ok).toBe(true);
  });

  it('validates the messages: no empty drop, no row without a line', () => {
    expect(parseWebviewMessage({ type: 'review.drop', picks: [] }).ok).toBe(false);
    expect(parseHostMessage({ type: 'review.snapshot', sample: { out: 'x', keptTotal: 1, droppedTotal: 0, kept: [{ query: 'q', chunk: 'c', source: 's', verdict: 'kept', rank: 1 }], dropped: [] }, config: 'c', recommendEval: false, message: null }).ok).toBe(false);
  });

  it('the wizard offers "I have documents, no questions" for retrieval and asks the host for it', () => {
    const api = fakeApi();
    app = new App(api, setupDom('wizard'), { debounceMs: 0 });
    app.handle({ type: 'wizard.snapshot', catalog: catalogData(), workspaceFolder: '/ws', draft: null });
    (document.querySelector('#task-information-retrieval') as HTMLElement).click();
    (document.querySelector('#dataset-kind-file, [data-value="file"]') as HTMLElement | null)?.click();
    const button = document.querySelector('[data-testid="dataset-from-documents"]') as HTMLElement | null;
    expect(button, document.querySelector('#step-dataset')?.outerHTML.slice(0, 500)).not.toBeNull();
    button!.click();
    expect(api.posted.some((m) => m.type === 'wizard.fromDocuments')).toBe(true);
  });
});
