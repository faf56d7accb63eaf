import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { JobSpec } from '../job/jobSpec';
import { writeFileAtomic } from './atomicWrite';
import { EventLog, readEventLog, type EventLogOptions } from './eventLog';
import type { RunEvent } from '../events/protocol';
import type { RunMeta } from './runMeta';
import { checkRunId, isRunId } from './runId';

export const RUNS_DIR = join('.finetune', 'runs');

/** Paths inside one run folder. */
export function runFiles(dir: string) {
  return {
    dir,
    meta: join(dir, 'run.json'),
    events: join(dir, 'events.jsonl'),
    log: join(dir, 'run.log'),
    job: join(dir, 'job.json'),
    config: join(dir, 'config.finetune.yaml'),
    /** Present once cancel was asked for (cancelMark.ts). */
    cancel: join(dir, 'cancel-requested'),
    /** The launcher's heartbeat while the launch is in progress (cancelMark.ts). */
    launching: join(dir, 'launching'),
  };
}

/**
 * `.finetune/runs/<run-id>/` under a workspace root: the config snapshot, the job spec,
 * append-only events, an atomically written run.json and a plain-text log.
 */
export class RunStore {
  readonly dir: string;

  constructor(readonly root: string) {
    this.dir = join(root, RUNS_DIR);
  }

  /** A run's paths; an id that is not a run id (a planted "a/../..") is refused, never joined. */
  files(id: string) {
    const dir = join(this.dir, checkRunId(id));
    if (dirname(dir) !== this.dir) throw new Error(`Run folder ${dir} is outside ${this.dir}.`);
    return runFiles(dir);
  }

  /** Run folders whose run.json was refused on the last list(), with why (shown, never used). */
  refused: { folder: string; reason: string }[] = [];

  create(meta: RunMeta, configText: string, job: JobSpec): void {
    const f = this.files(meta.id);
    mkdirSync(f.dir, { recursive: true });
    writeFileSync(f.config, configText);
    writeFileSync(f.job, `${JSON.stringify(job, null, 2)}\n`);
    this.writeMeta(meta);
  }

  /** A record beside `fromId`'s with the same config snapshot and job (a sweep's trial). */
  createFrom(fromId: string, meta: RunMeta): void {
    const from = this.files(fromId);
    const read = (path: string) => { try { return readFileSync(path, 'utf8'); } catch { return ''; } };
    const f = this.files(meta.id);
    mkdirSync(f.dir, { recursive: true });
    writeFileSync(f.config, read(from.config));
    writeFileSync(f.job, read(from.job));
    this.writeMeta(meta);
  }

  writeMeta(meta: RunMeta, durable = true): void {
    writeFileAtomic(this.files(meta.id).meta, `${JSON.stringify(meta, null, 2)}\n`, durable);
  }

  /** Updates run.json from its current content; returns the new metadata. */
  updateMeta(id: string, change: Partial<RunMeta>, durable = true): RunMeta {
    const current = this.readMeta(id);
    if (!current) throw new Error(`run ${id} has no run.json`);
    const next = { ...current, ...change };
    this.writeMeta(next, durable);
    return next;
  }

  readMeta(id: string): RunMeta | undefined {
    return isRunId(id) ? this.readChecked(id).meta : undefined;
  }

  /**
   * run.json of folder `id`, believed only when its own id is that folder's name and its
   * parentId (a sweep's) is a run id too: the file comes from the workspace, and both become paths.
   */
  private readChecked(id: string): { meta?: RunMeta; reason?: string } {
    let meta: RunMeta;
    try {
      meta = JSON.parse(readFileSync(this.files(id).meta, 'utf8')) as RunMeta;
    } catch {
      return {};
    }
    if (typeof meta !== 'object' || meta === null || meta.id !== id) return { reason: `its run.json names the id "${String((meta as RunMeta | null)?.id).slice(0, 80)}", not the folder's` };
    if (meta.parentId !== undefined && !isRunId(meta.parentId)) return { reason: `its parentId "${String(meta.parentId).slice(0, 80)}" is not a run id` };
    return { meta };
  }

  /** All runs with readable, well-formed metadata, newest first; the rest are in `refused`. */
  list(): RunMeta[] {
    this.refused = [];
    if (!existsSync(this.dir)) return [];
    const metas: RunMeta[] = [];
    for (const d of readdirSync(this.dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      if (!isRunId(d.name)) {
        this.refused.push({ folder: d.name, reason: 'its name is not a run id' });
        continue;
      }
      const { meta, reason } = this.readChecked(d.name);
      if (meta) metas.push(meta);
      else if (reason) this.refused.push({ folder: d.name, reason });
    }
    return metas.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  }

  /** A run id given in full or as a unique prefix. */
  resolveId(idOrPrefix: string): string | undefined {
    const ids = this.list().map((m) => m.id);
    if (ids.includes(idOrPrefix)) return idOrPrefix;
    const matches = ids.filter((id) => id.startsWith(idOrPrefix));
    return matches.length === 1 ? matches[0] : undefined;
  }

  openEventLog(id: string, options?: EventLogOptions): EventLog {
    return new EventLog(this.files(id).events, options);
  }

  readEvents(id: string): RunEvent[] {
    return readEventLog(this.files(id).events);
  }

  appendLog(id: string, line: string): void {
    appendFileSync(this.files(id).log, line.endsWith('\n') ? line : `${line}\n`);
  }

  readLog(id: string): string {
    try {
      return readFileSync(this.files(id).log, 'utf8');
    } catch {
      return '';
    }
  }

  delete(id: string): void {
    rmSync(this.files(id).dir, { recursive: true, force: true });
  }

  relativeToRoot(path: string): string {
    return relative(this.root, path) || '.';
  }
}
