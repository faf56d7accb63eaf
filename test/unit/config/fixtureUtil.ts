import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic, Fix } from '../../../src/core/config/diagnostic';

export const ROOT = resolve(__dirname, '../../..');
export const BROKEN_DIR = join(ROOT, 'test/fixtures/configs/broken');
export const EXAMPLES_DIR = join(ROOT, 'examples');

export interface Expectation {
  severity: 'error' | 'warning' | 'info';
  code: string;
  /** 1-based, as written in the fixture. */
  line: number;
}

/** `# expect: SEVERITY CODE LINE` lines at the top of a fixture. */
export function parseExpectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  for (const line of text.split('\n')) {
    const m = /^#\s*expect:\s*(error|warning|info)\s+([a-z0-9-]+)\s+(\d+)\s*$/.exec(line);
    if (!m) {
      if (line.startsWith('#')) continue;
      break;
    }
    out.push({ severity: m[1] as Expectation['severity'], code: m[2]!, line: Number(m[3]) });
  }
  return out;
}

export function configFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => /\.finetune\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

export const fsOptions = (file: string) => ({ configDir: dirname(file), fileExists: existsSync });

/** Applies non-overlapping edits given in 0-based line/character ranges. */
export function applyFixes(text: string, fixes: readonly Fix[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line]! + p.character;
  const sorted = [...fixes].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const f of sorted) out = out.slice(0, offset(f.range.start)) + f.newText + out.slice(offset(f.range.end));
  return out;
}

export function show(d: readonly Diagnostic[]): string {
  return d.map((x) => `${x.severity} ${x.code} ${x.range.start.line + 1}: ${x.message}`).join('\n');
}
