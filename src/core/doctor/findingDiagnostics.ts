import type { Diagnostic, Fix, Range } from '../config/diagnostic';
import { setValueEdit } from '../config/yamlEdit';
import type { Path, YamlDoc } from '../config/yamlDoc';
import type { Finding } from './doctorResult';

/** The range of the deepest key of `path` the document has; `dataset:` when none of it exists. */
export function findingRange(doc: YamlDoc, path: Path): Range {
  for (let n = path.length; n > 0; n--) {
    if (doc.pair(path.slice(0, n))) return doc.keyRange(path.slice(0, n));
  }
  return doc.keyRange(['dataset']);
}

/** A finding's fix as text edits of this document (several edits share one title). */
export function findingFixes(doc: YamlDoc, finding: Finding): Fix[] {
  if (!finding.fix) return [];
  const edits = finding.fix.edits.map((e) => setValueEdit(doc, e.path, e.value));
  if (edits.some((e) => e === undefined)) return [];
  return edits.map((e) => ({ title: finding.fix!.title, ...e! }));
}

/**
 * A finding as an editor diagnostic on its config key. Codes are the doctor's own; the message
 * is the doctor's, which names the rows, the values and the fix.
 */
export function findingToDiagnostic(doc: YamlDoc, finding: Finding): Diagnostic {
  const fixes = findingFixes(doc, finding);
  return { severity: finding.severity, code: finding.code, message: finding.message, range: findingRange(doc, finding.path), ...(fixes.length ? { fixes } : {}) };
}
