import { closeSync, openSync, writeSync } from 'node:fs';
import { parseLine } from '../events/parseLine';
import type { RunEvent } from '../events/protocol';
import type { ConnectionState, LaunchPhase, ResumeCursor, RunCallbacks } from '../backends/jobBackend';
import type { EventLog } from './eventLog';
import { TrialRouter } from './trialRouter';
import type { RunStore } from './runStore';
import { osErrorText, StoreWriteError } from './storeWriteError';

export type RunUpdate =
  | { kind: 'event'; runId: string; event: RunEvent }
  | { kind: 'log'; runId: string; line: string }
  | { kind: 'phase'; runId: string; phase: LaunchPhase }
  | { kind: 'connection'; runId: string; state: ConnectionState; detail: string }
  | { kind: 'meta'; runId: string }
  /** A long launch step (the dataset upload): its line and, when known, how much is done (0-1). */
  | { kind: 'progress'; runId: string; message: string; fraction?: number }
  /** A write into the run's record failed (disk full, ...): `message` names the file and the OS error. */
  | { kind: 'writeError'; runId: string; path: string; code: string | undefined; message: string };

export type RunListener = (update: RunUpdate) => void;

/** Events after which run.json's cursor is saved, so a re-attach resumes close to here. */
const CHECKPOINT_TYPES = new Set(['phase', 'eval', 'baseline', 'checkpoint', 'completed', 'error']);
/** The cursor is a progress marker (replayed events are deduplicated): at most one save per interval. */
const CURSOR_SAVE_MS = 1000;

/**
 * Turns a backend's line callbacks into store writes: events appended to events.jsonl as they
 * arrive (deduplicated by seq), everything else to run.log, and listeners told of each.
 */
export class RunSink implements RunCallbacks {
  private readonly log: EventLog;
  private readonly trials: TrialRouter;
  private stdout = 0;
  private cursorSavedAt = 0;
  private logFd: number | undefined;
  private stderr = 0;
  private logFailing = false;
  private progressStep: number | undefined;

  constructor(private readonly store: RunStore, readonly runId: string, private readonly listener: RunListener = () => {}, cursor?: ResumeCursor) {
    const onWriteError = (e: StoreWriteError) => this.writeError(e);
    this.log = store.openEventLog(runId, { onWriteError });
    this.trials = new TrialRouter(store, runId, onWriteError);
    this.stdout = cursor?.stdoutLines ?? 0;
    this.stderr = cursor?.stderrLines ?? 0;
  }

  onStdoutLine(line: string, index: number): void {
    this.stdout = Math.max(this.stdout, index + 1);
    const parsed = parseLine(line);
    if (parsed.kind === 'event') {
      this.ingest(parsed.event);
    } else if (parsed.kind === 'log') {
      this.logLine(parsed.text);
    } else {
      this.logLine(`[unreadable event] ${parsed.reason}: ${parsed.text.slice(0, 200)}`);
    }
  }

  /** Adds one event from any source (stdout, or the volume's events.jsonl as the fallback). */
  ingest(event: RunEvent): boolean {
    const trial = this.trials.logFor(event);
    if (trial) {
      if (!trial.log.append(event)) return false;
      this.listener({ kind: 'event', runId: trial.id, event });
      return true;
    }
    if (!this.log.append(event)) return false;
    this.trials.onWorkerEvent(event);
    if (CHECKPOINT_TYPES.has(event.type) && Date.now() - this.cursorSavedAt >= CURSOR_SAVE_MS) this.saveCursor(false);
    this.listener({ kind: 'event', runId: this.runId, event });
    return true;
  }

  onStderrLine(line: string, index: number): void {
    this.stderr = Math.max(this.stderr, index + 1);
    this.logLine(`[stderr] ${line}`);
  }

  onBuildLog(line: string): void {
    this.logLine(`[image] ${line}`);
  }

  onPhase(phase: LaunchPhase): void {
    this.logLine(`[launch] ${phase.replace('_', ' ')}`);
    if (phase === 'running') this.store.updateMeta(this.runId, { state: 'running' });
    this.listener({ kind: 'phase', runId: this.runId, phase });
  }

  onProgress(message: string, fraction?: number): void {
    // The log keeps a line per 5% (a long upload reports four times a second); the listener gets each.
    const step = fraction === undefined ? undefined : Math.floor(fraction * 20);
    if (step === undefined || step !== this.progressStep) this.logLine(`[launch] ${message}`);
    this.progressStep = step;
    this.listener({ kind: 'progress', runId: this.runId, message, ...(fraction === undefined ? {} : { fraction }) });
  }

  onWarning(message: string): void {
    this.logLine(`[warning] ${message}`);
  }

  /** The backend's id, recorded at once (durably): it is what cancel and re-attach need. */
  onRef(ref: string): void {
    this.store.updateMeta(this.runId, { ref });
    this.listener({ kind: 'meta', runId: this.runId });
  }

  onConnection(state: ConnectionState, detail: string): void {
    this.logLine(state === 'reconnecting' ? `[connection] reconnecting to Modal: ${detail}` : `[connection] reconnected (${detail})`);
    this.store.updateMeta(this.runId, { connection: state === 'reconnecting' ? 'reconnecting' : null });
    this.listener({ kind: 'connection', runId: this.runId, state, detail });
    this.listener({ kind: 'meta', runId: this.runId });
  }

  cursor(): ResumeCursor {
    return { stdoutLines: this.stdout, stderrLines: this.stderr };
  }

  saveCursor(durable = true): void {
    this.cursorSavedAt = Date.now();
    this.store.updateMeta(this.runId, { cursor: this.cursor() }, durable);
  }

  get highestSeq(): number {
    return this.log.highestSeq;
  }

  close(): void {
    this.log.close();
    this.trials.close();
    if (this.logFd !== undefined) closeSync(this.logFd);
    this.logFd = undefined;
    this.saveCursor();
  }

  private logLine(line: string): void {
    const path = this.store.files(this.runId).log;
    try {
      this.logFd ??= openSync(path, 'a');
      writeSync(this.logFd, `${line}\n`);
      this.logFailing = false;
    } catch (err) {
      // run.log is the human-readable side (events have their own, retried log): report, go on.
      if (!this.logFailing) {
        const { code, text } = osErrorText(err);
        this.writeError(new StoreWriteError(path, code, `Could not write the run's log to ${path}: ${text}.`, { cause: err }));
      }
      this.logFailing = true;
    }
    this.listener({ kind: 'log', runId: this.runId, line });
  }

  private writeError(e: StoreWriteError): void {
    this.listener({ kind: 'writeError', runId: this.runId, path: e.path, code: e.code, message: e.message });
  }
}
