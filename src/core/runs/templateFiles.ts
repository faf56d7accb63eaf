import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Python a job needs at runtime: the entry scripts and the `fte` package (no tests, no goldens). */
export function readTemplateFiles(templateDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(templateDir)) {
    if (name.endsWith('.py')) files[name] = readFileSync(join(templateDir, name), 'utf8');
  }
  addPackage(join(templateDir, 'fte'), 'fte', files);
  return files;
}

/** A package's modules and its sub-packages' (fte/synthesize/, ...), without caches. */
function addPackage(dir: string, prefix: string, files: Record<string, string>): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== '__pycache__') addPackage(join(dir, entry.name), `${prefix}/${entry.name}`, files);
    else if (entry.isFile() && entry.name.endsWith('.py')) files[`${prefix}/${entry.name}`] = readFileSync(join(dir, entry.name), 'utf8');
  }
}

export function readRequirements(templateDir: string): string {
  return readFileSync(join(templateDir, 'requirements.txt'), 'utf8');
}
