import { existsSync } from 'node:fs';
import { checkCostText } from '../../core/doctor/checkCost';
import type { Diagnostic } from '../../core/config/diagnostic';
import { YamlDoc } from '../../core/config/yamlDoc';
import type { DoctorResult } from '../../core/doctor/doctorResult';
import { hasErrorFinding } from '../../core/doctor/doctorResult';
import { findingToDiagnostic } from '../../core/doctor/findingDiagnostics';
import { runDoctor } from '../../core/doctor/runDoctor';
import { PythonToolError } from '../../core/pyenv/runPythonTool';
import { localPython, TEMPLATE_DIR } from '../backends';
import { formatDiagnostic, plural } from '../format';
import type { Io } from '../io';
import { readUserFile } from '../inputs';

interface Checked {
  file: string;
  /** Config errors that kept the data from being checked. */
  config: Diagnostic[];
  result: DoctorResult | null;
  diagnostics: Diagnostic[];
}

/**
 * `doctor CONFIG... [--json]`: the data each config names, checked as training will read it.
 * Exit 1 when a config or its data has an error, 2 when the check cannot run at all.
 */
export async function doctorCommand(files: string[], json: boolean, io: Io): Promise<number> {
  if (files.length === 0) {
    io.err('doctor: name a config file, e.g. finetune-embeddings doctor examples/support-tickets.finetune.yaml');
    return 2;
  }
  const inputs: { path: string; text: string }[] = [];
  for (const file of files) {
    const input = readUserFile(file, io);
    if (!input) return 2;
    inputs.push(input);
  }
  let outcomes;
  try {
    outcomes = await runDoctor(inputs, {
      python: await localPython(), templateDir: TEMPLATE_DIR, validate: { fileExists: existsSync },
    });
  } catch (err) {
    if (!(err instanceof PythonToolError)) throw err;
    io.err(`doctor: the data check could not run: ${err.message}`);
    return 2;
  }
  const checked: Checked[] = outcomes.map((o, i) => {
    const doc = new YamlDoc(inputs[i]!.text);
    return o.ok
      ? { file: files[i]!, config: [], result: o.result, diagnostics: o.result.findings.map((f) => findingToDiagnostic(doc, f)) }
      : { file: files[i]!, config: o.diagnostics.filter((d) => d.severity === 'error'), result: null, diagnostics: [] };
  });
  if (json) printJson(checked, io);
  else printText(checked, io);
  return checked.some((c) => c.config.length || hasErrorFinding(c.result?.findings ?? [])) ? 1 : 0;
}

function printJson(checked: Checked[], io: Io): void {
  const shape = (c: Checked) => ({
    findings: c.config.length
      ? c.config.map((d) => ({ code: d.code, severity: d.severity, message: `The data was not checked: the config has an error. ${d.message}`, range: d.range }))
      : c.result!.findings.map((f, i) => ({ ...f, range: c.diagnostics[i]!.range })),
    stats: c.result?.stats ?? {},
  });
  // One file: exactly the documented shape; several: the same shape per file (as validate does).
  io.out(JSON.stringify(checked.length === 1 ? shape(checked[0]!) : { files: checked.map((c) => ({ file: c.file, ...shape(c) })) }, null, 2));
}

function printText(checked: Checked[], io: Io): void {
  let errors = 0;
  let warnings = 0;
  for (const c of checked) {
    if (c.config.length) {
      for (const d of c.config) io.out(formatDiagnostic(c.file, d));
      io.out(`${c.file}: the data was not checked; fix the config first.`);
      errors += c.config.length;
      continue;
    }
    for (const d of c.diagnostics) {
      io.out(formatDiagnostic(c.file, d));
      if (d.fixes?.length) io.out(`  fix: ${d.fixes[0]!.title}`);
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
    const s = c.result?.stats;
    if (s?.train_rows !== undefined) io.out(`${c.file}: ${s.train_rows} training rows, ${s.validation_rows !== undefined ? `${s.validation_rows} validation, ${s.test_rows} test` : `${s.eval_rows} held out`}${s.dropped_empty ? `, ${s.dropped_empty} dropped as empty` : ''}.`);
    const cost = checkCostText(s);
    if (cost) io.out(`${c.file}: ${cost}.`);
  }
  io.out(`${plural(checked.length, 'dataset')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`);
}
