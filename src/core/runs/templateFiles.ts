import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Python a job needs at runtime: the entry scripts and the `fte` package (no tests, no goldens). */
export function readTemplateFiles(templateDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(templateDir)) {
    if (name.endsWith('.py')) files[name] = readFileSync(join(templateDir, name), 'utf8');
  }
  const pkg = join(templateDir, 'fte');
  if (existsSync(pkg)) {
    for (const name of readdirSync(pkg)) {
      if (name.endsWith('.py')) files[`fte/${name}`] = readFileSync(join(pkg, name), 'utf8');
    }
  }
  return files;
}

export function readRequirements(templateDir: string): string {
  return readFileSync(join(templateDir, 'requirements.txt'), 'utf8');
}
