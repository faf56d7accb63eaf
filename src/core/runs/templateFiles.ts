import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Python a job needs at runtime: the entry scripts and the `fte` package (no tests, no goldens). */
export function readTemplateFiles(templateDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(templateDir)) {
    if (name.endsWith('.py')) files[name] = readFileSync(join(templateDir, name), 'utf8');
  }
  addPackage(files, templateDir, 'fte');
  return files;
}

/** A package's .py files and its sub-packages' (fte/bakeoff/, ...), by relative path. */
function addPackage(files: Record<string, string>, root: string, rel: string): void {
  const dir = join(root, rel);
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.py')) files[`${rel}/${entry.name}`] = readFileSync(join(dir, entry.name), 'utf8');
    else if (entry.isDirectory() && existsSync(join(dir, entry.name, '__init__.py'))) addPackage(files, root, `${rel}/${entry.name}`);
  }
}

export function readRequirements(templateDir: string): string {
  return readFileSync(join(templateDir, 'requirements.txt'), 'utf8');
}
