import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Everything a run leaves behind for a human: logs, failure screenshots. */
export const resultsDir = path.join(repoRoot, 'test-results', 'e2e');
export const examplesDir = path.join(repoRoot, 'examples');
export const mediaDir = path.join(repoRoot, 'media');
export const vsixPath = process.env.FTE_VSIX ?? path.join(repoRoot, 'out', 'finetune-embeddings.vsix');

/** A file-system-safe version of a test or file name. */
export function slug(s: string): string {
  return s.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120);
}
