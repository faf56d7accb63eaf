import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { getEvaluator } from '../catalog/evaluators';
import { getLoss } from '../catalog/losses';
import { getBaseModel } from '../catalog/models';
import { familyPromptsText } from '../catalog/familyText';
import { getTask } from '../catalog/tasks';
import { containerPricePerHour, CPU_CORE_PRICE_PER_HOUR, defaultResources, MEMORY_GIB_PRICE_PER_HOUR, parseGpu } from '../cost/gpus';
import type { Range } from './diagnostic';
import { keyDescription } from './schemaKeys';
import { YamlDoc } from './yamlDoc';

export interface Hover {
  markdown: string;
  range: Range;
}

interface Hit {
  path: (string | number)[];
  on: 'key' | 'value';
  value: unknown;
  start: number;
  end: number;
}

/** Explains the catalog name or config key under the cursor. */
export function hoverAt(text: string, offset: number): Hover | undefined {
  const y = new YamlDoc(text);
  const hit = find(y.doc.contents as Node | null, [], offset);
  if (!hit) return undefined;
  const markdown = hit.on === 'key' ? keyHover(hit.path) : valueHover(hit.path, hit.value, y.toJS());
  return markdown ? { markdown, range: y.range(hit.start, hit.end) } : undefined;
}

function find(node: Node | null, path: (string | number)[], offset: number): Hit | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const k = isScalar(key) ? String(key.value) : '';
      if (isScalar(key) && key.range && offset >= key.range[0] && offset <= key.range[1]) {
        return { path: [...path, k], on: 'key', value: k, start: key.range[0], end: key.range[1] };
      }
      const hit = find(pair.value as Node | null, [...path, k], offset);
      if (hit) return hit;
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const hit = find(item as Node | null, [...path, i], offset);
      if (hit) return hit;
    }
  } else if (isScalar(node) && node.range && offset >= node.range[0] && offset <= node.range[1]) {
    return { path, on: 'value', value: node.value, start: node.range[0], end: node.range[1] };
  }
  return undefined;
}

function keyHover(path: (string | number)[]): string | undefined {
  const description = keyDescription(path);
  return description ? `**${path.join('.')}**\n\n${description}` : undefined;
}

function valueHover(path: (string | number)[], value: unknown, root: unknown): string | undefined {
  if (typeof value === 'number') return numberHover(path.join('.'), value);
  if (typeof value !== 'string') return undefined;
  const taskName = root && typeof root === 'object' ? (root as Record<string, unknown>).task : undefined;
  const task = typeof taskName === 'string' ? getTask(taskName) : undefined;
  switch (path.join('.')) {
    case 'task': {
      const t = getTask(value);
      if (!t) return undefined;
      const format = t.columns.map((c) => `\`${c.role}\`${c.required ? '' : ' (optional)'}`).join(', ');
      return `**${t.title}** (\`${t.id}\`)\n\n${t.explanation}\n\nFormat: ${format}. Recommended: ${t.losses.find((l) => l.recommended)?.loss} + ${t.evaluators.find((e) => e.recommended)?.evaluator}.`;
    }
    case 'loss': {
      const l = getLoss(value);
      if (!l) return undefined;
      const why = task?.losses.find((c) => c.loss === value)?.why;
      const args = l.args.map((a) => `\`${a.name}\`${a.default !== undefined ? ` = ${a.default}` : ''}: ${a.description}`).join('\n- ');
      return `**${l.name}**\n\n${l.summary}${why ? `\n\nFor ${task?.id}: ${why}` : ''}${args ? `\n\nloss_args:\n- ${args}` : ''}\n\n[sentence-transformers docs](${l.docs})`;
    }
    case 'evaluator': {
      const e = getEvaluator(value);
      if (!e) return undefined;
      return `**${e.name}**\n\n${e.summary}\n\nPrimary metric: \`${e.primaryMetric}\`. Logs: ${e.metrics.map((m) => `\`${m}\``).join(', ')}.\n\n[sentence-transformers docs](${e.docs})`;
    }
    case 'model':
    case 'model.id': {
      const m = getBaseModel(value);
      const prompts = familyPromptsText(value, typeof taskName === 'string' ? taskName : undefined);
      const long = m && m.maxSeqLength > 512 ? ` Training caps it at 512 tokens (or your data's 99th-percentile length) unless training.max_seq_length says otherwise.` : '';
      const about = m ? `**${m.id}**: ${m.params} parameters, ${m.dimensions}-dimensional embeddings, up to ${m.maxSeqLength} tokens.${long} ${m.note}` : undefined;
      return about || prompts ? [about, prompts].filter(Boolean).join('\n\n') : undefined;
    }
    case 'compute.gpu': {
      const g = parseGpu(value);
      if (!g.ok) return undefined;
      const { gpu, count } = g.value;
      const d = defaultResources(gpu, count);
      return `**${count} × ${gpu.type}**: $${(gpu.pricePerHour * count).toFixed(2)} per hour, ${gpu.memoryGb} GB each${gpu.bf16 ? ', bf16' : ', no bf16 (fp16 instead)'}; at most ${gpu.maxCount} per container.\n\n`
        + `Requests ${d.cpu} CPU cores and ${d.memoryGb} GiB unless compute.cpu / compute.memory_gb say otherwise: $${containerPricePerHour(gpu, count).toFixed(2)} per hour in all.`;
    }
    default:
      return undefined;
  }
}

/** compute.cpu / compute.memory_gb: what the request costs on Modal. */
function numberHover(path: string, value: number): string | undefined {
  if (path === 'compute.cpu') return `**${value} physical CPU cores** (${value * 2} vCPUs) requested on Modal: $${(value * CPU_CORE_PRICE_PER_HOUR).toFixed(3)} per hour on top of the GPUs (billed for the request or the use, whichever is higher).`;
  if (path === 'compute.memory_gb') return `**${value} GiB of memory** requested on Modal: $${(value * MEMORY_GIB_PRICE_PER_HOUR).toFixed(3)} per hour on top of the GPUs. A container over its memory is killed (exit 137).`;
  return undefined;
}
