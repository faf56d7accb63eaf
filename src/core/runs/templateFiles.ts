import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Python a job needs at runtime: the entry scripts and the `fte` package with its
 * sub-packages (fte/evaluation, ...); no tests, no goldens, no __pycache__.
 */
export function readTemplateFiles(templateDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(templateDir)) {
    if (name.endsWith('.py')) files[name] = readFileSync(join(templateDir, name), 'utf8');
  }
  const pkg = join(templateDir, 'fte');
  if (existsSync(pkg)) readPackage(pkg, 'fte', files);
  return files;
}

function readPackage(dir: string, rel: string, files: Record<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== '__pycache__') readPackage(join(dir, entry.name), `${rel}/${entry.name}`, files);
    else if (entry.isFile() && entry.name.endsWith('.py')) files[`${rel}/${entry.name}`] = readFileSync(join(dir, entry.name), 'utf8');
  }
}

export function readRequirements(templateDir: string): string {
  return readFileSync(join(templateDir, 'requirements.txt'), 'utf8');
}
