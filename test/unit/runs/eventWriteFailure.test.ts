/**
 * A disk that fails writes: /dev/full is a real device that answers every write with ENOSPC, so
 * a run's events.jsonl (or run.log) linked to it is a real full disk. The failure must be seen
 * (the sink's listener, the CLI's stderr), and no accepted event may be lost once writes succeed.
 */
import { existsSync, readFileSync, symlinkSync, writeSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { printRunUpdate } from '../../../src/cli/runUpdates';
import type { RunEvent } from '../../../src/core/events/protocol';
import { EventLog, readEventLog, type WriteFn } from '../../../src/core/runs/eventLog';
import { RunSink, type RunUpdate } from '../../../src/core/runs/runSink';
import { RunStore } from '../../../src/core/runs/runStore';
import type { StoreWriteError } from '../../../src/core/runs/storeWriteError';
import { evalEvent, happyEvents, makeMeta, marked, phase, tempDir, trainLog } from './runFixtures';

const FULL = '/dev/full';
const tick = () => new Promise((r) => setTimeout(r, 0));

function storeWithRun(id: string): RunStore {
  const store = new RunStore(tempDir('fte-full-'));
  store.create(makeMeta(id), 'task: x\n', {} as never);
  return store;
}

/** The bytes a log that never failed writes for `events`. */
function cleanLog(events: RunEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

describe('a full disk under the run store (/dev/full)', () => {
  // Linux always has /dev/full (this project's machines and CI): a missing one is a failure, never a skip.
  test('/dev/full exists', () => expect(existsSync(FULL)).toBe(true));

  test('the sink reports the failed event write once, naming the file and ENOSPC; ingest goes on', async () => {
    const store = storeWithRun('full');
    const updates: RunUpdate[] = [];
    const sink = new RunSink(store, 'full', (u) => updates.push(u));
    symlinkSync(FULL, store.files('full').events); // the disk fills up after the run started
    const events = happyEvents('full');
    for (const e of events) expect(sink.ingest(e)).toBe(true);
    await tick();
    for (let seq = events.length + 1; seq <= events.length + 20; seq++) sink.ingest(trainLog('full', seq, seq));
    await tick();
    const errors = () => updates.filter((u): u is Extract<RunUpdate, { kind: 'writeError' }> => u.kind === 'writeError');
    expect(errors()).toHaveLength(1);
    expect(errors()[0]).toMatchObject({ runId: 'full', path: store.files('full').events, code: 'ENOSPC' });
    expect(errors()[0]!.message).toMatch(/^Could not write the run's events to .*events\.jsonl: ENOSPC: no space left on device, write\. \d+ event\(s\) not yet written are kept in memory/);
    // Closed while the disk is still full: the loss is told too, with the count.
    expect(() => sink.close()).not.toThrow();
    expect(errors()).toHaveLength(2);
    expect(errors()[1]!.message).toMatch(new RegExp(`ENOSPC: no space left on device, write\\. ${events.length + 20} event\\(s\\) could not be written before the log was closed and are missing from it\\.$`));
    // Listeners still saw every event: the dashboard is not starved by the disk.
    expect(updates.filter((u) => u.kind === 'event')).toHaveLength(events.length + 20);
  });

  test('a failed run.log write is reported too, and stdout lines still reach the listener', () => {
    const store = storeWithRun('fulllog');
    const updates: RunUpdate[] = [];
    symlinkSync(FULL, store.files('fulllog').log);
    const sink = new RunSink(store, 'fulllog', (u) => updates.push(u));
    expect(() => {
      sink.onStdoutLine('library noise', 0);
      sink.onStderrLine('a warning', 0);
    }).not.toThrow();
    const errors = updates.filter((u) => u.kind === 'writeError');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: store.files('fulllog').log, code: 'ENOSPC' });
    expect(updates.filter((u) => u.kind === 'log').map((u) => u.kind === 'log' && u.line)).toEqual(['library noise', '[stderr] a warning']);
    sink.onStdoutLine(marked(phase('fulllog', 1, 'training')), 1);
    expect(store.readEvents('fulllog').map((e) => e.seq)).toEqual([1]);
  });

  test('the CLI prints the failure to stderr while progress stays on stdout', async () => {
    const store = storeWithRun('cli');
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const sink = new RunSink(store, 'cli', (u) => printRunUpdate('launch', io, u, { logLines: false }));
    symlinkSync(FULL, store.files('cli').events);
    sink.onStdoutLine(marked(phase('cli', 1, 'training', 10)), 0);
    sink.onStdoutLine(marked(evalEvent('cli', 2, 10, 0.9)), 1);
    await tick();
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^launch: Could not write the run's events to .*events\.jsonl: ENOSPC/);
    sink.close();
    expect(err[1]).toMatch(/^launch: .*2 event\(s\) could not be written before the log was closed/);
    expect(out.some((l) => l.includes('eval'))).toBe(true);
  });
});

describe('a failed write is retried: no accepted event is lost', () => {
  /** fs.writeSync, except that the calls numbered in `failAt` fail with ENOSPC. */
  function flakyWrite(failAt: Set<number>): WriteFn {
    let n = 0;
    return (fd, buffer, offset, length) => {
      n += 1;
      if (failAt.has(n)) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return writeSync(fd, buffer, offset, length);
    };
  }

  test('the unwritten tail goes out with the next event, byte-exact, each event once and in order', async () => {
    const path = `${tempDir('fte-retry-')}/events.jsonl`;
    const reported: StoreWriteError[] = [];
    const write = flakyWrite(new Set([1, 2, 3]));
    const log = new EventLog(path, { write, onWriteError: (e) => reported.push(e) });
    const events = happyEvents('r');
    log.append(events[0]!); // burst 1: write 1 fails
    await tick();
    log.append(events[1]!); // a phase: written at once, write 2 fails
    log.append(events[2]!);
    await tick(); // write 3 fails
    expect(log.written).toBe(false);
    expect(reported).toHaveLength(1); // once, until a write succeeds
    expect(reported[0]!.code).toBe('ENOSPC');
    for (const e of events.slice(3)) log.append(e);
    await tick();
    log.close();
    expect(log.written).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(cleanLog(events));
  });

  test('a short write (half a line on disk) is completed, not repeated or torn', async () => {
    const path = `${tempDir('fte-short-')}/events.jsonl`;
    // As write(2) does on a filling disk: a short write (25 bytes), then ENOSPC; later, short writes again.
    let n = 0;
    const write: WriteFn = (fd, buffer, offset, length) => {
      n += 1;
      if (n === 1) return writeSync(fd, buffer, offset, 25);
      if (n === 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return writeSync(fd, buffer, offset, Math.min(length, 17));
    };
    const reported: StoreWriteError[] = [];
    const log = new EventLog(path, { write, onWriteError: (e) => reported.push(e) });
    const events = Array.from({ length: 6 }, (_, i) => trainLog('r', i + 1, i + 1));
    log.append(events[0]!);
    log.append(events[1]!);
    await tick();
    expect(reported).toHaveLength(1);
    for (const e of events.slice(2)) log.append(e);
    await tick();
    log.close();
    expect(readFileSync(path, 'utf8')).toBe(cleanLog(events));
    expect(readEventLog(path).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('a new failure after a recovery is reported again', async () => {
    const path = `${tempDir('fte-again-')}/events.jsonl`;
    const reported: StoreWriteError[] = [];
    const write = flakyWrite(new Set([1, 3]));
    const log = new EventLog(path, { write, onWriteError: (e) => reported.push(e) });
    for (let seq = 1; seq <= 4; seq++) {
      log.append(trainLog('r', seq, seq));
      await tick();
    }
    log.close();
    expect(reported).toHaveLength(2);
    expect(readEventLog(path).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });
});
