import type { z } from 'zod';
import { configSchema } from './schema';
import type { Path } from './yamlDoc';

type AnySchema = z.core.$ZodType;

interface KeyInfo {
  key: string;
  description: string | undefined;
  schema: AnySchema;
}

function def(s: AnySchema): Record<string, unknown> & { type: string } {
  return (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
}

function description(s: AnySchema): string | undefined {
  return (s as unknown as { description?: string }).description;
}

/** Strips optional/default/pipe wrappers, keeping the outermost description. */
function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  for (;;) {
    const d = def(cur);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable') cur = d.innerType as AnySchema;
    else if (d.type === 'pipe') cur = d.in as AnySchema;
    else return cur;
  }
}

/** The schemas reachable at `path` (several under a union). */
function schemasAt(path: Path): AnySchema[] {
  let current: AnySchema[] = [configSchema];
  for (const segment of path) {
    const next: AnySchema[] = [];
    for (const s of current.flatMap(expandUnion)) {
      const d = def(s);
      if (d.type === 'object') {
        // Own keys only: a path segment such as "toString" must not reach Object.prototype.
        const shape = d.shape as Record<string, AnySchema>;
        const child = Object.hasOwn(shape, String(segment)) ? shape[String(segment)] : undefined;
        if (child) next.push(unwrap(child));
      } else if (d.type === 'record') next.push(unwrap(d.valueType as AnySchema));
      else if (d.type === 'array') next.push(unwrap(d.element as AnySchema));
    }
    current = next;
  }
  return current.flatMap(expandUnion);
}

function expandUnion(s: AnySchema): AnySchema[] {
  const u = unwrap(s);
  const d = def(u);
  return d.type === 'union' ? (d.options as AnySchema[]).flatMap(expandUnion) : [u];
}

/** Keys a mapping at `path` accepts, with their descriptions (empty for free-form records). */
export function keysAt(path: Path): KeyInfo[] {
  const seen = new Map<string, KeyInfo>();
  for (const s of schemasAt(path)) {
    const d = def(s);
    if (d.type !== 'object') continue;
    for (const [key, child] of Object.entries(d.shape as Record<string, AnySchema>)) {
      if (!seen.has(key)) seen.set(key, { key, description: description(child) ?? description(unwrap(child)), schema: unwrap(child) });
    }
  }
  return [...seen.values()];
}

export function knownKeys(path: Path): string[] {
  return keysAt(path).map((k) => k.key);
}

/** The description of the key at `path`, for hovers. */
export function keyDescription(path: Path): string | undefined {
  if (path.length === 0) return undefined;
  const key = String(path[path.length - 1]);
  return keysAt(path.slice(0, -1)).find((k) => k.key === key)?.description;
}

/** Enum values the schema allows at `path`, for completions. */
export function enumValuesAt(path: Path): string[] {
  return schemasAt(path).flatMap((s) => {
    const d = def(s);
    return d.type === 'enum' ? Object.values(d.entries as Record<string, string>) : [];
  });
}
