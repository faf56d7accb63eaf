import type { Diagnostic } from './diagnostic';
import type { CheckContext, ValidateOptions } from './checks/context';
import { checkTaskLossEvaluator } from './checks/taskChecks';
import { checkColumns } from './checks/columnChecks';
import { checkLossArgs, checkMatryoshka } from './checks/lossArgChecks';
import { checkCompute, checkOutput } from './checks/computeChecks';
import { checkDataset } from './checks/datasetChecks';
import { checkModel } from './checks/modelChecks';
import { checkDataOptions, checkHardNegatives } from './checks/dataOptionChecks';
import { checkSweep } from './checks/sweepChecks';
import { checkSynthesize } from './checks/synthesizeChecks';
import { checkPrompts } from './checks/promptChecks';
import { checkMemory } from './checks/memoryChecks';
import { checkLora } from './checks/loraChecks';
import { checkSweepGpus } from './checks/multiGpuChecks';
import { schemaDiagnostics, yamlDiagnostics } from './structuralChecks';
import { visit } from 'yaml';
import { YamlDoc } from './yamlDoc';

export type { ValidateOptions };

export interface ValidationResult {
  diagnostics: Diagnostic[];
  /** The parsed value (possibly invalid); undefined when the YAML could not be read. */
  value: unknown;
  doc: YamlDoc;
}

const SEMANTIC_CHECKS = [checkTaskLossEvaluator, checkModel, checkColumns, checkLossArgs, checkMatryoshka, checkDataset, checkSynthesize, checkDataOptions, checkHardNegatives, checkCompute, checkOutput, checkSweep, checkPrompts, checkMemory, checkLora, checkSweepGpus];

/** Validates config text. Never throws: a failure inside a check becomes an `internal-error` diagnostic. */
export function validateConfig(text: string, options: ValidateOptions = {}): ValidationResult {
  const doc = new YamlDoc(text);
  const diagnostics = yamlDiagnostics(doc);
  const value = doc.errors().length ? undefined : doc.toJS();
  if (doc.errors().length) return { diagnostics, value, doc };
  if (value === undefined && doc.toJSError !== undefined) {
    // Not an empty config: the YAML parsed but cannot be expanded (e.g. an alias bomb).
    diagnostics.push({ severity: 'error', code: 'yaml-syntax', message: `YAML: ${doc.toJSError}. Write the values out instead of repeating aliases.`, range: firstAliasRange(doc) });
    return { diagnostics, value, doc };
  }
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    diagnostics.push({ severity: 'error', code: 'not-a-mapping', message: 'A config is a mapping of keys (task:, model:, dataset:, ...), not a list or a single value.', range: doc.valueRange([]) });
    return { diagnostics, value, doc };
  }
  diagnostics.push(...schemaDiagnostics(doc, value));
  if (value && typeof value === 'object') {
    const ctx: CheckContext = { y: doc, root: value as Record<string, unknown>, task: undefined, loss: undefined, evaluator: undefined, options, out: diagnostics };
    for (const check of SEMANTIC_CHECKS) {
      try {
        check(ctx);
      } catch (err) {
        diagnostics.push({ severity: 'error', code: 'internal-error', message: `Internal error in ${check.name}: ${String(err)}. Please report it.`, range: doc.firstLine() });
      }
    }
  }
  return { diagnostics: sortDiagnostics(diagnostics), value, doc };
}

function firstAliasRange(doc: YamlDoc) {
  let range: [number, number] | undefined;
  visit(doc.doc, { Alias: (_key, node) => {
    range = node.range ? [node.range[0], node.range[1]] : undefined;
    return range ? visit.BREAK : undefined;
  } });
  return range ? doc.range(range[0], range[1]) : doc.firstLine();
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
