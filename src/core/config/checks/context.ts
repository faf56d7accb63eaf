import type { EvaluatorSpec, LossSpec, TaskSpec } from '../../catalog/types';
import type { Diagnostic, Fix, Severity } from '../diagnostic';
import { valueAt } from '../structuralChecks';
import type { Path, YamlDoc } from '../yamlDoc';

export interface ValidateOptions {
  /** Folder of the config file, for `dataset.path`. */
  configDir?: string;
  /** Injected so the core stays testable and free of editor APIs. */
  fileExists?: (absolutePath: string) => boolean;
}

/** What every semantic check reads: the document, its value and the resolved catalog entries. */
export interface CheckContext {
  y: YamlDoc;
  root: Record<string, unknown>;
  task: TaskSpec | undefined;
  /** The loss in effect (configured or the task's recommended), when known and compatible. */
  loss: LossSpec | undefined;
  evaluator: EvaluatorSpec | undefined;
  options: ValidateOptions;
  out: Diagnostic[];
}

export function str(ctx: CheckContext, path: Path): string | undefined {
  const v = valueAt(ctx.root, path);
  return typeof v === 'string' ? v : undefined;
}

export function num(ctx: CheckContext, path: Path): number | undefined {
  const v = valueAt(ctx.root, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function obj(ctx: CheckContext, path: Path): Record<string, unknown> | undefined {
  const v = valueAt(ctx.root, path);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function report(
  ctx: CheckContext,
  severity: Severity,
  code: string,
  path: Path,
  message: string,
  opts: { on?: 'key' | 'value'; fix?: { title: string; newText: string } } = {},
): void {
  const range = opts.on === 'key' ? ctx.y.keyRange(path) : ctx.y.valueRange(path);
  const fixes: Fix[] | undefined = opts.fix ? [{ ...opts.fix, range }] : undefined;
  ctx.out.push({ severity, code, message, range, ...(fixes ? { fixes } : {}) });
}
