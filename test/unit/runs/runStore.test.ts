import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type * as NodeFs from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { writeFileAtomic } from '../../../src/core/runs/atomicWrite';
import { EventLog, readEventLog } from '../../../src/core/runs/eventLog';
import { RunSink, type RunUpdate } from '../../../src/core/runs/runSink';
import { RunStore } from '../../../src/core/runs/runStore';
import { IncrementalSummary } from '../../../src/core/runs/summaryCache';
import type { JobSpec } from '../../../src/core/job/jobSpec';
import { completed, evalEvent, happyEvents, makeMeta, marked, phase, tempDir, trainLog } from './runFixtures';

// Pass-through wrapper so a test can count the bytes IncrementalSummary reads.
const readBytes = { n: 0 };
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof NodeFs>();
  const readSync = ((...args: Parameters<typeof real.readSync>) => {
    const n = (real.readSync as (...a: unknown[]) => number)(...args);
    readBytes.n += n;
    return n;
  }) as typeof real.readSync;
  return { ...real, readSync, default: { ...real, readSync } };
});

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

let store: RunStore;
beforeEach(() => {
  const root = tempDir('fte-store-');
  roots.push(root);
  store = new RunStore(root);
});

const job = { name: 'quora' } as unknown as JobSpec;

describe('RunStore metadata', () => {
  test('create writes the config snapshot, the job spec and run.json; readMeta returns it', () => {
    const meta = makeMeta('20260201-000000-quora-aaaa');
    store.create(meta, 'task: x\n', job);
    const f = store.files(meta.id);
    expect(f.dir).toBe(join(store.root, '.finetune', 'runs', meta.id));
    expect(readFileSync(f.config, 'utf8')).toBe('task: x\n');
    expect(JSON.parse(readFileSync(f.job, 'utf8'))).toEqual({ name: 'quora' });
    expect(store.readMeta(meta.id)).toEqual(meta);
    expect(store.readMeta('no-such-run')).toBeUndefined();
  });

  test('list: newest first, skipping folders without a readable run.json', () => {
    store.create(makeMeta('a-old', { createdAt: '2026-01-01T00:00:00.000Z' }), '', job);
    store.create(makeMeta('b-new', { createdAt: '2026-03-01T00:00:00.000Z' }), '', job);
    store.create(makeMeta('c-mid', { createdAt: '2026-02-01T00:00:00.000Z' }), '', job);
    mkdirSync(join(store.dir, 'no-meta'), { recursive: true });
    mkdirSync(join(store.dir, 'torn-meta'), { recursive: true });
    writeFileSync(join(store.dir, 'torn-meta', 'run.json'), '{"version":1,"id":"torn');
    writeFileSync(join(store.dir, 'stray-file'), 'x');
    expect(store.list().map((m) => m.id)).toEqual(['b-new', 'c-mid', 'a-old']);
    expect(new RunStore(tempDir('fte-empty-')).list()).toEqual([]);
  });

  test('resolveId: a full id or a unique prefix; ambiguous and unknown prefixes resolve to nothing', () => {
    store.create(makeMeta('20260201-000000-quora-aaaa'), '', job);
    store.create(makeMeta('20260201-000000-quora-bbbb'), '', job);
    expect(store.resolveId('20260201-000000-quora-aaaa')).toBe('20260201-000000-quora-aaaa');
    expect(store.resolveId('20260201-000000-quora-b')).toBe('20260201-000000-quora-bbbb');
    expect(store.resolveId('20260201')).toBeUndefined();
    expect(store.resolveId('zzz')).toBeUndefined();
  });

  test('updateMeta merges into the stored run.json and persists; an unknown run throws', () => {
    const meta = makeMeta('r1');
    store.create(meta, '', job);
    const next = store.updateMeta('r1', { state: 'running', ref: 'sb-x' });
    expect(next).toEqual({ ...meta, state: 'running', ref: 'sb-x' });
    store.updateMeta('r1', { cursor: { stdoutLines: 7, stderrLines: 2 } });
    expect(new RunStore(store.root).readMeta('r1')).toEqual({ ...meta, state: 'running', ref: 'sb-x', cursor: { stdoutLines: 7, stderrLines: 2 } });
    expect(() => store.updateMeta('nope', { state: 'failed' })).toThrow(/no run\.json/);
  });

  test('delete removes the whole run folder', () => {
    store.create(makeMeta('gone'), 'cfg', job);
    store.create(makeMeta('kept'), 'cfg', job);
    store.appendLog('gone', 'line');
    store.openEventLog('gone').append(phase('gone', 1, 'training'));
    store.delete('gone');
    expect(existsSync(store.files('gone').dir)).toBe(false);
    expect(store.readMeta('gone')).toBeUndefined();
    expect(store.list().map((m) => m.id)).toEqual(['kept']);
    expect(() => store.delete('gone')).not.toThrow();
  });

  test('appendLog adds newline-terminated lines; readLog of a run without a log is empty', () => {
    store.create(makeMeta('log'), '', job);
    expect(store.readLog('log')).toBe('');
    store.appendLog('log', 'one');
    store.appendLog('log', 'two\n');
    expect(store.readLog('log')).toBe('one\ntwo\n');
  });
});

describe('run.json is written atomically', () => {
  test('no temp file is left behind', () => {
    store.create(makeMeta('r'), '', job);
    for (let i = 0; i < 20; i++) store.updateMeta('r', { message: `m${i}` });
    expect(readdirSync(store.files('r').dir).sort()).toEqual(['config.finetune.yaml', 'job.json', 'run.json']);
    expect(store.readMeta('r')!.message).toBe('m19');
  });

  /** Reads `path` in a loop on another thread while `write` runs here; returns [reads, torn reads]. */
  async function concurrentReads(path: string, write: (i: number) => void, writes: number): Promise<{ reads: number; torn: number }> {
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const fs = require('node:fs');
       let reads = 0, torn = 0;
       parentPort.postMessage('ready');
       while (Atomics.load(workerData.stop, 0) === 0) {
         let text;
         try { text = fs.readFileSync(workerData.path, 'utf8'); } catch { continue; }
         reads++;
         try { const m = JSON.parse(text); if (typeof m.message !== 'string' && m.message !== null) torn++; } catch { torn++; }
       }
       parentPort.postMessage({ reads, torn });`,
      { eval: true, workerData: { path, stop } },
    );
    const messages: unknown[] = [];
    const result = new Promise<{ reads: number; torn: number }>((resolve, reject) => {
      worker.on('message', (m) => (m === 'ready' ? messages.push(m) : resolve(m as { reads: number; torn: number })));
      worker.on('error', reject);
    });
    while (messages.length === 0) await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < writes; i++) write(i);
    Atomics.store(stop, 0, 1);
    const r = await result;
    await worker.terminate();
    return r;
  }

  test('a concurrent reader never sees a torn run.json (and would see one without the rename)', async () => {
    store.create(makeMeta('r'), '', job);
    const path = store.files('r').meta;
    const big = (i: number) => `${i}:${'x'.repeat(200_000 + (i % 7) * 1000)}`;
    const atomic = await concurrentReads(path, (i) => store.updateMeta('r', { message: big(i) }), 60);
    expect(atomic.reads).toBeGreaterThan(20);
    expect(atomic.torn).toBe(0);
    // Control: the same reader does notice torn content when the file is rewritten in place.
    const plain = join(store.root, 'plain.json');
    writeFileSync(plain, JSON.stringify({ message: '' }));
    const inPlace = await concurrentReads(plain, (i) => writeFileSync(plain, JSON.stringify({ message: big(i) })), 60);
    expect(inPlace.torn).toBeGreaterThan(0);
  });

  test('writeFileAtomic replaces the content in full', () => {
    const p = join(store.root, 'x.json');
    writeFileAtomic(p, 'first');
    writeFileAtomic(p, 'second');
    expect(readFileSync(p, 'utf8')).toBe('second');
    expect(readdirSync(store.root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('events.jsonl', () => {
  test('the reader keeps valid events in order and skips foreign lines, other protocol versions and a truncated last line', () => {
    const path = join(store.root, 'events.jsonl');
    const e = happyEvents('r');
    const lastFull = JSON.stringify(e[4]);
    writeFileSync(path, [
      JSON.stringify(e[0]),
      'Downloading model.safetensors: 100%',
      '',
      JSON.stringify(e[1]),
      JSON.stringify({ ...e[2], v: 2 }),
      '{"not":"an event"}',
      JSON.stringify(e[3]),
      marked(e[5]!), // a stdout line with the marker is not an events.jsonl line
      lastFull,
      lastFull.slice(0, 40), // crash mid-write: no newline, half an object
    ].join('\n'));
    expect(readEventLog(path).map((x) => x.seq)).toEqual([1, 2, 4, 5]);
    expect(readEventLog(path)[3]).toEqual(e[4]);
    expect(readEventLog(join(store.root, 'missing.jsonl'))).toEqual([]);
  });

  test('EventLog dedupes by seq, also across a reopen', () => {
    const path = join(store.root, 'events.jsonl');
    const log = new EventLog(path);
    expect(log.highestSeq).toBe(0);
    for (let seq = 1; seq <= 5; seq++) expect(log.append(trainLog('r', seq, seq))).toBe(true);
    expect(log.append(trainLog('r', 3, 3))).toBe(false);
    log.close();
    const again = new EventLog(path);
    expect(again.highestSeq).toBe(5);
    expect(again.append(trainLog('r', 5, 5))).toBe(false);
    expect(again.append(trainLog('r', 1, 1))).toBe(false);
    expect(again.append(evalEvent('r', 6, 6, 0.9))).toBe(true);
    again.close();
    expect(readEventLog(path).map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(6);
  });

  test('EventLog reopened after a crash mid-line: the next events are readable (the torn line stays isolated)', () => {
    const path = join(store.root, 'events.jsonl');
    const e = happyEvents('r');
    writeFileSync(path, `${JSON.stringify(e[0])}\n${JSON.stringify(e[1])}\n${JSON.stringify(e[2]).slice(0, 30)}`);
    const log = new EventLog(path);
    expect(log.highestSeq).toBe(2);
    expect(log.append(e[2]!)).toBe(true);
    expect(log.append(e[3]!)).toBe(true);
    log.close();
    expect(readEventLog(path).map((x) => x.seq)).toEqual([1, 2, 3, 4]);
  });

  test('raw text is stored as given (no re-serialisation) when supplied', () => {
    const path = join(store.root, 'events.jsonl');
    const log = new EventLog(path);
    const e = phase('r', 1, 'training', 10);
    const raw = JSON.stringify(e, null, 0).replace('"phase":"training"', '"phase": "training"');
    log.append(e, raw);
    log.close();
    expect(readFileSync(path, 'utf8')).toBe(`${raw}\n`);
  });
});

describe('RunSink', () => {
  test('events to events.jsonl (deduped), other stdout and stderr to run.log, cursor saved at checkpoints', () => {
    store.create(makeMeta('s'), '', job);
    const updates: RunUpdate[] = [];
    const sink = new RunSink(store, 's', (u) => updates.push(u));
    const e = happyEvents('s');
    sink.onStdoutLine(marked(e[0]!), 0);
    sink.onStdoutLine('Map: 100%|██████████| 10/10', 1);
    sink.onStdoutLine(`progress\r${marked(e[1]!)}`, 2); // marker after other text on the same line
    sink.onStdoutLine('@@fte@@ {"v":1,"seq":', 3);
    sink.onStdoutLine(marked(e[1]!), 4); // replay: ignored
    sink.onStderrLine('a warning', 0);
    sink.onBuildLog('Step 1/3');
    expect(store.readEvents('s').map((x) => x.seq)).toEqual([1, 2]);
    // phase (seq 2) is a checkpoint type: the cursor is saved at that point
    expect(store.readMeta('s')!.cursor).toEqual({ stdoutLines: 3, stderrLines: 0 });
    const log = store.readLog('s');
    expect(log).toContain('Map: 100%|██████████| 10/10\n');
    expect(log).toMatch(/\[unreadable event\] not JSON/);
    expect(log).toContain('[stderr] a warning\n');
    expect(log).toContain('[image] Step 1/3\n');
    expect(log).not.toContain('"type":"run_started"');
    expect(updates.filter((u) => u.kind === 'event').map((u) => (u.kind === 'event' ? u.event.seq : 0))).toEqual([1, 2]);
    sink.onPhase('running');
    expect(store.readMeta('s')!.state).toBe('running');
    sink.close();
    expect(store.readMeta('s')!.cursor).toEqual({ stdoutLines: 5, stderrLines: 1 });
  });

  test('onRef records the backend id at once; onConnection marks the record reconnecting and clears it when back', () => {
    store.create(makeMeta('c'), '', job);
    const updates: RunUpdate[] = [];
    const sink = new RunSink(store, 'c', (u) => updates.push(u));
    sink.onRef('sb-ABCDEFGHIJKLMNOPQRSTUV');
    expect(store.readMeta('c')!.ref).toBe('sb-ABCDEFGHIJKLMNOPQRSTUV');
    sink.onConnection('reconnecting', 'the stdout stream failed (connection refused)');
    expect(store.readMeta('c')!.connection).toBe('reconnecting');
    expect(store.readMeta('c')!.state).toBe('starting'); // the run's state is not touched
    sink.onConnection('connected', 'back after 21 s');
    expect(store.readMeta('c')!.connection).toBeNull();
    expect(updates.filter((u) => u.kind === 'connection').map((u) => (u.kind === 'connection' ? u.state : ''))).toEqual(['reconnecting', 'connected']);
    expect(updates.filter((u) => u.kind === 'meta')).toHaveLength(3);
    expect(store.readLog('c')).toMatch(/\[connection\] reconnecting to Modal: the stdout stream failed[^\n]*\n\[connection\] reconnected \(back after 21 s\)/);
    sink.close();
  });

  test('a sink resumed from a cursor continues the line count; events already stored are not repeated', () => {
    store.create(makeMeta('s2'), '', job);
    const e = happyEvents('s2');
    const first = new RunSink(store, 's2');
    e.slice(0, 4).forEach((ev, i) => first.onStdoutLine(marked(ev), i));
    first.close();
    const second = new RunSink(store, 's2', undefined, store.readMeta('s2')!.cursor);
    expect(second.highestSeq).toBe(4);
    e.forEach((ev, i) => second.onStdoutLine(marked(ev), i)); // full replay
    second.close();
    expect(store.readEvents('s2')).toEqual(e);
    expect(store.readMeta('s2')!.cursor.stdoutLines).toBe(e.length);
  });
});

describe('IncrementalSummary', () => {
  test('reads only the appended bytes on each refresh', () => {
    const path = join(store.root, 'events.jsonl');
    const e = happyEvents('r');
    const first = e.slice(0, 5).map((x) => `${JSON.stringify(x)}\n`).join('');
    writeFileSync(path, first);
    const inc = new IncrementalSummary(path);
    readBytes.n = 0;
    expect(inc.refresh().map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(readBytes.n).toBe(Buffer.byteLength(first));
    readBytes.n = 0;
    expect(inc.refresh()).toEqual([]);
    expect(readBytes.n).toBe(0);
    const more = e.slice(5).map((x) => `${JSON.stringify(x)}\n`).join('');
    appendFileSync(path, more);
    expect(inc.refresh().map((x) => x.seq)).toEqual(e.slice(5).map((x) => x.seq));
    expect(readBytes.n).toBe(Buffer.byteLength(more));
    expect(inc.summary.eventCount).toBe(e.length);
    expect(inc.summary.baseline?.primaryValue).toBe(0.7);
    expect(inc.summary.completed?.primary_value).toBe(0.8);
    expect(inc.summary.state).toBe('completed');
  });

  test('a line split across two appends (even inside a multi-byte character) is applied once, when complete', () => {
    const path = join(store.root, 'events.jsonl');
    writeFileSync(path, '');
    const inc = new IncrementalSummary(path);
    const bytes = Buffer.from(`${JSON.stringify({ v: 1, run_id: 'r', seq: 1, ts: '2026-02-01T00:00:00.000Z', type: 'warning', code: 'c', message: 'grüße ✓ 東京', hint: null })}\n`);
    const cut = bytes.indexOf(Buffer.from('ü')) + 1; // between the two bytes of ü
    appendFileSync(path, bytes.subarray(0, cut));
    expect(inc.refresh()).toEqual([]);
    expect(inc.summary.eventCount).toBe(0);
    appendFileSync(path, bytes.subarray(cut));
    const applied = inc.refresh();
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ type: 'warning', message: 'grüße ✓ 東京' });
    appendFileSync(path, `${JSON.stringify(completed('r', 2, 0.8))}`); // no newline yet
    expect(inc.refresh()).toEqual([]);
    appendFileSync(path, '\n');
    expect(inc.refresh().map((x) => x.type)).toEqual(['completed']);
    expect(inc.summary.warnings.map((x) => x.message)).toEqual(['grüße ✓ 東京']);
  });
});
