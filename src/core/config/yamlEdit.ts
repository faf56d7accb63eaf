import { isMap, isScalar } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { Fix } from './diagnostic';
import type { Path, YamlDoc } from './yamlDoc';

const PLAIN = /^[A-Za-z_./@][\w./@-]*$/;
// Words some YAML readers turn into booleans or null: always quoted.
const RESERVED = /^(y|yes|n|no|on|off|true|false|null|~)$/i;

/** A value as YAML text on one line: plain scalars where safe, flow collections otherwise. */
export function yamlValue(value: unknown): string {
  if (typeof value === 'string') return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(yamlValue).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${yamlValue(k)}: ${yamlValue(v)}`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

/**
 * The text edit that sets `path` to `value`: the value replaced where the key exists, else the
 * missing keys added to the deepest map that exists, in its style (block or flow) and indentation.
 * Undefined when the document's shape does not allow it (e.g. a list in the way).
 */
export function setValueEdit(doc: YamlDoc, path: Path, value: unknown): Omit<Fix, 'title'> | undefined {
  const existing = doc.pair(path);
  if (existing) {
    const node = existing.value as { range?: [number, number, number] } | null;
    if (node?.range && !(isScalar(node) && node.value === null)) return { range: doc.range(node.range[0], node.range[1]), newText: yamlValue(value) };
    // `key:` with no value: write it after the colon.
    const key = existing.key as { range?: [number, number, number] } | null;
    const colon = key?.range ? doc.text.indexOf(':', key.range[1]) : -1;
    return colon < 0 ? undefined : { range: doc.range(colon + 1, colon + 1), newText: ` ${yamlValue(value)}` };
  }
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const parent = depth === 0 ? doc.doc.contents : doc.doc.getIn(path.slice(0, depth), true);
    if (parent === null || parent === undefined) continue;
    if (!isMap(parent)) return undefined;
    return insertInto(doc, parent, path.slice(depth), value, depth);
  }
  return undefined;
}

function nested(keys: Path, value: unknown, indent: number, flow: boolean): string {
  const [first, ...rest] = keys;
  const key = yamlValue(String(first));
  if (rest.length === 0) return `${key}: ${yamlValue(value)}`;
  if (flow) return `${key}: { ${nested(rest, value, 0, true)} }`;
  return `${key}:\n${' '.repeat(indent + 2)}${nested(rest, value, indent + 2, false)}`;
}

function insertInto(doc: YamlDoc, map: YAMLMap, keys: Path, value: unknown, depth: number): Omit<Fix, 'title'> | undefined {
  const text = doc.text;
  const range = map.range;
  if (map.flow) {
    if (!range) return undefined;
    const close = text.lastIndexOf('}', range[1]);
    if (close < range[0]) return undefined;
    let before = close;
    while (before > range[0] && /\s/.test(text[before - 1]!)) before--;
    const sep = map.items.length ? ', ' : ' ';
    return { range: doc.range(before, before), newText: `${sep}${nested(keys, value, 0, true)}${map.items.length ? '' : ' '}` };
  }
  const last = map.items.at(-1);
  const firstKey = map.items[0]?.key;
  const indent = isScalar(firstKey) && firstKey.range ? doc.position(firstKey.range[0]).character : depth * 2;
  const lastNode = (last?.value ?? last?.key) as { range?: [number, number, number] } | null | undefined;
  let at = lastNode?.range ? lastNode.range[1] : range ? range[1] : text.length;
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  const lineEnd = text.indexOf('\n', at);
  const end = lineEnd < 0 ? text.length : lineEnd;
  const lead = at === 0 && map.items.length === 0 ? '' : '\n';
  return { range: doc.range(end, end), newText: `${lead}${' '.repeat(indent)}${nested(keys, value, indent, false)}` };
}
