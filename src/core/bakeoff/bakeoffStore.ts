/**
 * Bake-offs on disk: `.finetune/bakeoffs/<id>.json`, one file each, written atomically. Each keeps
 * the test-set key of its job, so a later fine-tuned run on the same test set joins its table.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobSpec } from '../job/jobSpec';
import { writeFileAtomic } from '../runs/atomicWrite';
import { newRunId } from '../runs/runId';
import type { RankedBakeoff } from './rankBakeoff';

export const BAKEOFFS_DIR = join('.finetune', 'bakeoffs');

export interface BakeoffRecord {
  id: string;
  created: string;
  /** The config file, relative to the workspace. */
  config: string;
  /** Equal keys: the same test split and corpus, scored with the same evaluator and truncation. */
  test_set: string;
  result: RankedBakeoff;
}

/** What decides the test split, the corpus and how they are scored (not the model, not training). */
export function testSetKey(job: JobSpec): string {
  const d = job.dataset as unknown as Record<string, unknown>;
  const data = Object.fromEntries(Object.keys(d).sort().filter((k) => k !== 'sample' || d[k] !== null).map((k) => [k, d[k]]));
  const scored = { dataset: data, evaluator: job.evaluator, matryoshka: job.matryoshka, max_seq_length: job.training.max_seq_length ?? null };
  return createHash('sha256').update(JSON.stringify(scored)).digest('hex').slice(0, 16);
}

export class BakeoffStore {
  readonly dir: string;

  constructor(readonly root: string) {
    this.dir = join(root, BAKEOFFS_DIR);
  }

  save(config: string, job: JobSpec, result: RankedBakeoff, now = new Date()): BakeoffRecord {
    const record: BakeoffRecord = { id: newRunId(`bakeoff-${job.name}`, now), created: now.toISOString(), config, test_set: testSetKey(job), result };
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(join(this.dir, `${record.id}.json`), `${JSON.stringify(record, null, 2)}\n`);
    return record;
  }

  read(id: string): BakeoffRecord | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir, `${id}.json`), 'utf8')) as BakeoffRecord;
    } catch {
      return undefined;
    }
  }

  /** Newest first; unreadable files are skipped. */
  list(): BakeoffRecord[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((f) => f.endsWith('.json')).sort().reverse()
      .map((f) => this.read(f.slice(0, -'.json'.length))).filter((r): r is BakeoffRecord => r !== undefined);
  }
}
