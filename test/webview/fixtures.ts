/** Shared helpers for the webview tests: golden streams -> host model -> webview app. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLine } from '../../src/core/events/parseLine';
import type { RunEvent } from '../../src/core/events/protocol';
import type { RunMeta } from '../../src/core/runs/runMeta';
import type { WebviewMessage } from '../../src/protocol/messages';
import type { VsCodeApi } from '../../webview-ui/vscodeApi';

export const GOLDEN = join(__dirname, '../../gpu-templates/golden');

/** A golden stream's events, parsed with the TS parser (log lines dropped). */
export function goldenEvents(name: string): RunEvent[] {
  return readFileSync(join(GOLDEN, name), 'utf8').split('\n').map(parseLine).flatMap((p) => (p.kind === 'event' ? [p.event] : []));
}

export function metaFor(events: RunEvent[], state: RunMeta['state']): RunMeta {
  const first = events[0]!;
  const last = events.at(-1)!;
  return {
    version: 1, id: first.run_id, name: 'quora-duplicates', configPath: 'quora-duplicates.finetune.yaml', backend: 'modal', state,
    createdAt: first.ts, endedAt: state === 'running' ? null : last.ts, ref: 'sb-abc', gpu: 'A10G', gpuCount: 1, pricePerHour: 1.1,
    timeoutMinutes: 120, primaryMetric: 'eval_dev_cosine_ap', exitCode: null, message: null, cursor: { stdoutLines: 0, stderrLines: 0 },
  };
}

/** A fake acquireVsCodeApi() that records what the webview posts. */
export function fakeApi(initialState?: unknown): VsCodeApi & { posted: WebviewMessage[]; state: unknown } {
  const api = {
    posted: [] as WebviewMessage[],
    state: initialState,
    postMessage(m: unknown) { api.posted.push(m as WebviewMessage); },
    getState() { return api.state; },
    setState(s: unknown) { api.state = s; },
  };
  return api;
}

/** jsdom has no canvas: charts keep their data and draw nothing. */
export function noCanvas(): void {
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
}

export function setupDom(view: 'wizard' | 'dashboard' | 'compare' | 'review'): HTMLElement {
  noCanvas();
  document.body.innerHTML = '<main id="app"></main>';
  document.body.dataset['view'] = view;
  delete document.body.dataset['fteReady'];
  return document.getElementById('app')!;
}
