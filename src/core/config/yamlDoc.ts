import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Range } from './diagnostic';

export type Path = readonly (string | number)[];

/** A parsed config document that maps any path back to a precise range in the text. */
export class YamlDoc {
  readonly doc: Document.Parsed;
  /**
   * Offsets where each line starts, computed from the text itself: the parser's LineCounter
   * misses newlines inside some malformed tokens, which shifted later ranges off their lines.
   */
  private readonly lineStarts: number[] = [0];
  /** Why the last toJS() failed (e.g. excessive aliases), when it did. */
  toJSError: string | undefined;

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    // logLevel 'error': what the library would print (e.g. that a list used as a key is
    // stringified) is reported as a diagnostic instead (structuralChecks.ts), not on the console.
    this.doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' });
  }

  errors(): readonly unknown[] {
    return this.doc.errors;
  }

  /** The document's plain value, or undefined when it cannot be converted. */
  toJS(): unknown {
    try {
      this.toJSError = undefined;
      return this.doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      this.toJSError = err instanceof Error ? err.message : String(err);
      return undefined;
    }
  }

  range(start: number, end: number): Range {
    const s = this.position(start);
    const e = this.position(Math.max(start, end));
    return { start: s, end: e };
  }

  position(offset: number): Range['start'] {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo]! };
  }

  /** The pair holding `path`'s last key, if the path leads through maps. */
  pair(path: Path): Pair<unknown, unknown> | undefined {
    const parent = path.length > 1 ? this.doc.getIn(path.slice(0, -1), true) : this.doc.contents;
    const key = path[path.length - 1];
    if (isMap(parent)) {
      return parent.items.find((p) => keyText(p) === String(key));
    }
    return undefined;
  }

  node(path: Path): Node | undefined {
    if (path.length === 0) return (this.doc.contents as Node | null) ?? undefined;
    const found = this.doc.getIn(path, true);
    return found && typeof found === 'object' && 'range' in found ? (found as Node) : undefined;
  }

  /** Range of the value at `path`; falls back to its key, then to the nearest existing parent. */
  valueRange(path: Path): Range {
    const node = this.node(path);
    if (node?.range) return this.range(node.range[0], node.range[1]);
    return this.keyRange(path);
  }

  /** Range of the key at `path`; falls back to the nearest existing parent's key. */
  keyRange(path: Path): Range {
    for (let n = path.length; n > 0; n--) {
      const pair = this.pair(path.slice(0, n));
      const key = pair?.key;
      if (isScalar(key) && key.range) return this.range(key.range[0], key.range[1]);
      const item = isSeq(this.doc.getIn(path.slice(0, n - 1), true)) ? this.node(path.slice(0, n)) : undefined;
      if (item?.range) return this.range(item.range[0], item.range[1]);
    }
    return this.firstLine();
  }

  firstLine(): Range {
    const end = this.text.indexOf('\n');
    return this.range(0, end < 0 ? this.text.length : end);
  }
}

export function keyText(pair: unknown): string | undefined {
  if (!isPair(pair)) return undefined;
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return key == null ? undefined : String(key);
}
