import { getEvaluator } from '../catalog/evaluators';
import { getLoss } from '../catalog/losses';
import { BASE_MODELS } from '../catalog/models';
import { TASKS, getTask } from '../catalog/tasks';
import type { TaskSpec } from '../catalog/types';
import { CPU_CORE_PRICE_PER_HOUR, GPUS, MEMORY_GIB_PRICE_PER_HOUR } from '../cost/gpus';
import { tunableParameters } from './checks/sweepChecks';
import { cursorContext } from './cursorContext';
import { enumValuesAt, keysAt } from './schemaKeys';
import { starterConfig } from './starter';
import { YamlDoc } from './yamlDoc';

export interface CompletionItem {
  label: string;
  kind: 'key' | 'value' | 'snippet';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** Recommended entries come first and are preselected. */
  preselect?: boolean;
  sortText: string;
}

/** Completions at `offset`: keys for the mapping, values for the key, filtered by the config's task. */
export function completionsAt(text: string, offset: number): CompletionItem[] {
  const ctx = cursorContext(text, offset);
  const value = new YamlDoc(text).toJS() as Record<string, unknown> | undefined;
  const task = typeof value?.task === 'string' ? getTask(value.task) : undefined;
  const items = ctx.position === 'key' ? [...starterItems(ctx.path, value), ...keyItems(ctx.path, value, task)] : valueItems(ctx.path, task);
  return items.map((item, i) => ({ ...item, sortText: `${item.preselect ? '0' : '1'}${String(i).padStart(3, '0')}` }));
}

type Item = Omit<CompletionItem, 'sortText'>;

/**
 * One starter per task (`finetune-<task>`), offered only at the top of a config that has no
 * task yet. Offered here rather than as contributed snippets, which VS Code would show in
 * every YAML file.
 */
function starterItems(path: string[], root: Record<string, unknown> | undefined): Item[] {
  if (path.length > 0 || (root && typeof root === 'object' && 'task' in root)) return [];
  return TASKS.map((t) => ({ label: `finetune-${t.id}`, kind: 'snippet', detail: `Starter config: ${t.title}`, documentation: t.oneLiner, insertText: starterConfig(t.id) }));
}

function keyItems(path: string[], root: Record<string, unknown> | undefined, task: TaskSpec | undefined): Item[] {
  const present = existingKeys(root, path);
  const key = (label: string, documentation?: string, detail?: string): Item => ({ label, kind: 'key', insertText: `${label}: `, documentation, detail });
  const joined = path.join('.');
  let items: Item[];
  if (joined === 'dataset.columns' && task) {
    items = task.columns.map((c) => key(c.role, c.description, c.required ? c.kind : `${c.kind}, optional`));
  } else if (joined === 'loss_args') {
    items = (currentLoss(root, task)?.args ?? []).map((a) => key(a.name, a.description, a.default === undefined ? a.type : `${a.type}, default ${a.default}`));
  } else if (joined === 'sweep.space') {
    items = tunableParameters(currentLoss(root, task)?.args.map((a) => a.name) ?? []).map((p) => key(p));
  } else {
    items = keysAt(path).map((k) => key(k.key, k.description));
  }
  return items.filter((i) => !present.has(i.label));
}

function valueItems(path: string[], task: TaskSpec | undefined): Item[] {
  const v = (label: string, detail?: string, documentation?: string, preselect?: boolean): Item => ({ label, kind: 'value', insertText: label, detail, documentation, preselect });
  switch (path.join('.')) {
    case 'task':
      return TASKS.map((t) => v(t.id, t.title, `${t.oneLiner}\n\n${t.explanation}`));
    case 'loss': {
      const choices = task ? task.losses : TASKS.flatMap((t) => t.losses).filter((l, i, all) => all.findIndex((x) => x.loss === l.loss) === i);
      return choices.map((c) => v(c.loss, c.recommended && task ? 'recommended' : getLoss(c.loss)?.family, `${getLoss(c.loss)?.summary ?? ''}\n\n${task ? c.why : ''}`, c.recommended && !!task));
    }
    case 'evaluator': {
      const choices = task ? task.evaluators : TASKS.flatMap((t) => t.evaluators).filter((e, i, all) => all.findIndex((x) => x.evaluator === e.evaluator) === i);
      return choices.map((c) => v(c.evaluator, `primary metric ${getEvaluator(c.evaluator)?.primaryMetric}`, `${getEvaluator(c.evaluator)?.summary ?? ''}\n\n${task ? c.why : ''}`, c.recommended && !!task));
    }
    case 'model':
    case 'model.id':
      return BASE_MODELS.map((m, i) => v(m.id, `${m.params} params, ${m.dimensions} dims`, m.note, i === 0));
    case 'compute.gpu':
      return GPUS.map((g) => v(g.type, `$${g.pricePerHour.toFixed(2)}/h, ${g.memoryGb} GB${g.bf16 ? '' : ', no bf16'}, up to ${g.maxCount} per container`,
        `Modal ${g.type}: $${g.pricePerHour.toFixed(2)} per GPU-hour. Add ":N" for N GPUs (1 to ${g.maxCount}). Requests ${g.cpuPerGpu} CPU cores and ${g.memoryGbPerGpu} GiB per GPU unless compute.cpu / compute.memory_gb say otherwise.`, g.type === 'A10G'));
    case 'compute.cpu':
      return [2, 4, 8, 16].map((n) => v(String(n), `${n} physical cores, $${(n * CPU_CORE_PRICE_PER_HOUR).toFixed(3)}/h`, 'Physical CPU cores to request (1 core = 2 vCPUs), billed per core-second on top of the GPU.', n === 4));
    case 'compute.memory_gb':
      return [8, 16, 32, 64].map((n) => v(String(n), `${n} GiB, $${(n * MEMORY_GIB_PRICE_PER_HOUR).toFixed(3)}/h`, 'Memory to request, billed per GiB-second on top of the GPU. A container over its memory is killed (exit 137).', n === 16));
    case 'dataset.hub':
      return (task?.examples ?? TASKS.flatMap((t) => t.examples)).map((x) => v(x.hub, x.subset ? `subset ${x.subset}` : undefined, x.note));
    default:
      return enumValuesAt(path).map((e) => v(e));
  }
}

function currentLoss(root: Record<string, unknown> | undefined, task: TaskSpec | undefined) {
  const name = typeof root?.loss === 'string' ? root.loss : task?.losses.find((l) => l.recommended)?.loss;
  return name ? getLoss(name) : undefined;
}

function existingKeys(root: Record<string, unknown> | undefined, path: string[]): Set<string> {
  let cur: unknown = root;
  for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return new Set(cur && typeof cur === 'object' && !Array.isArray(cur) ? Object.keys(cur) : []);
}
