/** Where the cursor is in a config, derived from the text so it works while the YAML is half-typed. */
export interface CursorContext {
  /** Key path of the mapping that holds the cursor (key position) or of the key being given a value. */
  path: string[];
  position: 'key' | 'value';
  /** What is typed so far of the key or value. */
  prefix: string;
}

const BARE_KEY = /^(\s*)(?:-\s+)?([\w.@-]+):\s*(?:#.*)?$/;
const KEY_VALUE = /^(\s*)(?:-\s+)?([\w.@-]+):\s*(.*)$/;

export function cursorContext(text: string, offset: number): CursorContext {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const linePrefix = before.slice(lineStart);
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();

  const flow = flowContext(linePrefix);
  if (flow) {
    const indent = linePrefix.length - linePrefix.trimStart().length;
    return { ...flow.context, path: [...blockParents(lines, indent), ...flow.parents, ...flow.context.path] };
  }
  const indent = linePrefix.length - linePrefix.trimStart().length;
  const kv = KEY_VALUE.exec(linePrefix);
  if (kv) return { path: [...blockParents(lines, indent), kv[2]!], position: 'value', prefix: kv[3]!.trim() };
  return { path: blockParents(lines, indent), position: 'key', prefix: linePrefix.trim().replace(/^-\s*/, '') };
}

/** Keys of the enclosing block mappings, found by scanning up for less-indented `key:` lines. */
function blockParents(lines: string[], indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  for (let i = lines.length - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i]!;
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const lineIndent = line.length - line.trimStart().length;
    if (lineIndent >= limit) continue;
    const m = BARE_KEY.exec(line);
    if (m) path.unshift(m[2]!);
    limit = lineIndent;
  }
  return path;
}

/** Inside `key: { a: 1, b| }` on one line: the flow mapping's keys and the cursor's role in it. */
function flowContext(linePrefix: string): { parents: string[]; context: CursorContext } | undefined {
  const parents: string[] = [];
  let depth = 0;
  let segmentStart = -1;
  for (let i = 0; i < linePrefix.length; i++) {
    const ch = linePrefix[i];
    if (ch === '{') {
      const key = /([\w.@-]+):\s*$/.exec(linePrefix.slice(segmentStart + 1, i));
      parents.push(key ? key[1]! : '');
      depth++;
      segmentStart = i;
    } else if (ch === '}') {
      parents.pop();
      depth--;
      segmentStart = i;
    } else if (ch === ',' && depth > 0) segmentStart = i;
    else if (ch === '[' || ch === '#') return undefined;
  }
  if (depth <= 0) return undefined;
  const segment = linePrefix.slice(segmentStart + 1);
  const colon = segment.indexOf(':');
  if (colon < 0) return { parents, context: { path: [], position: 'key', prefix: segment.trim() } };
  return { parents, context: { path: [segment.slice(0, colon).trim()], position: 'value', prefix: segment.slice(colon + 1).trim() } };
}
