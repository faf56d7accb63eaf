import { randomBytes } from 'node:crypto';

/**
 * What a run id may look like. Ids come back from files in the workspace (run.json, a sweep's
 * parentId), which a folder from a stranger controls: every id read is checked against this
 * before it becomes part of a path, so none can climb out of .finetune/runs.
 */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isRunId(id: unknown): id is string {
  return typeof id === 'string' && RUN_ID.test(id) && !id.includes('..');
}

export class InvalidRunIdError extends Error {
  override readonly name = 'InvalidRunIdError';
  constructor(readonly id: unknown) {
    super(`"${String(id).slice(0, 80)}" is not a run id: run ids hold only letters, digits, ".", "_" and "-" (no "..", no "/").`);
  }
}

export function checkRunId(id: unknown): string {
  if (!isRunId(id)) throw new InvalidRunIdError(id);
  return id;
}

/** Sortable, readable and unique: 20261126-223647-quora-duplicates-3f9a. */
export function newRunId(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'run';
  return `${stamp}-${slug}-${randomBytes(2).toString('hex')}`;
}
