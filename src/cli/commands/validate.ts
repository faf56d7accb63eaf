import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { validateConfig, hasErrors } from '../../core/config/validate';
import type { Diagnostic } from '../../core/config/diagnostic';
import { formatDiagnostic, plural } from '../format';
import type { Io } from '../io';
import { readUserFile } from '../inputs';

/** `validate FILE... [--json]`: exit 1 when any file has an error. */
export function validateCommand(files: string[], json: boolean, io: Io): number {
  if (files.length === 0) {
    io.err('validate: name at least one config file, e.g. finetune-embeddings validate examples/*.finetune.yaml');
    return 2;
  }
  const results: { file: string; diagnostics: Diagnostic[] }[] = [];
  for (const file of files) {
    const input = readUserFile(file, io);
    if (!input) return 2;
    const { diagnostics } = validateConfig(input.text, { configDir: dirname(input.path), fileExists: existsSync });
    results.push({ file, diagnostics });
  }
  const all = results.flatMap((r) => r.diagnostics);
  if (json) {
    const shape = (d: Diagnostic) => ({ severity: d.severity, code: d.code, message: d.message, range: d.range });
    // One file: exactly the documented shape; several: the same shape per file.
    io.out(JSON.stringify(results.length === 1 ? { diagnostics: all.map(shape) } : { files: results.map((r) => ({ file: r.file, diagnostics: r.diagnostics.map(shape) })) }, null, 2));
  } else {
    for (const r of results) for (const d of r.diagnostics) io.out(formatDiagnostic(r.file, d));
    const errors = all.filter((d) => d.severity === 'error').length;
    io.out(`${plural(results.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(all.length - errors, 'warning')}.`);
  }
  return hasErrors(all) ? 1 : 0;
}
