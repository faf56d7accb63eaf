import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { JobSpec } from '../job/jobSpec';
import { writeFileAtomic } from './atomicWrite';
import { EventLog, readEventLog, type EventLogOptions } from './eventLog';
import type { RunEvent } from '../events/protocol';
import type { RunMeta } from './runMeta';

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

  files(id: string) {
    return runFiles(join(this.dir, id));
  }

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
    try {
      return JSON.parse(readFileSync(this.files(id).meta, 'utf8')) as RunMeta;
    } catch {
      return undefined;
    }
  }

  /** All runs with readable metadata, newest first. */
  list(): RunMeta[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => this.readMeta(d.name))
      .filter((m): m is RunMeta => m !== undefined)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
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
