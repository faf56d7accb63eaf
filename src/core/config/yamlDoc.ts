import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Range } from './diagnostic';

export type Path = readonly (string | number)[];

/** A parsed config document that maps any path back to a precise range in the text. */
export class YamlDoc {
  readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true, strict: true });
  }

  errors(): readonly unknown[] {
    return this.doc.errors;
  }

  /** The document's plain value, or undefined when it cannot be converted. */
  toJS(): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: 100 });
    } catch {
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
    const { line, col } = this.lines.linePos(clamped);
    return { line: line - 1, character: col - 1 };
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
