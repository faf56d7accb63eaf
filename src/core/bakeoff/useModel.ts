/**
 * "Use this model": the config edits that make a bake-off candidate the run's base model. The
 * `model:` value is replaced; the candidate's prompts go to the top-level `prompts:` key (the
 * shape issue 18 reads), and a candidate scored with its model's own prompts removes a `prompts:`
 * key left from another model. Comments and layout elsewhere are kept. Pure.
 */
import type { Fix } from '../config/diagnostic';
import { YamlDoc } from '../config/yamlDoc';
import { setValueEdit } from '../config/yamlEdit';
import type { Candidate } from './bakeoffResult';

export type ConfigEdit = Omit<Fix, 'title'>;

export function useModelEdits(text: string, candidate: Candidate): ConfigEdit[] | { error: string } {
  const doc = new YamlDoc(text);
  const model = setValueEdit(doc, ['model'], candidate.model);
  if (!model) return { error: 'The config\'s model key could not be rewritten (is the file a YAML mapping?). Set model: by hand.' };
  const edits = [model];
  const prompts = candidate.prompts && Object.keys(candidate.prompts).length ? candidate.prompts : undefined;
  if (prompts) {
    const edit = setValueEdit(doc, ['prompts'], prompts);
    if (edit) edits.push(edit);
  } else {
    const removal = removeTopLevelKey(doc, 'prompts');
    if (removal) edits.push(removal);
  }
  return edits;
}

/** Deletes a top-level key with its whole block (through the line before the next key). */
function removeTopLevelKey(doc: YamlDoc, key: string): ConfigEdit | undefined {
  const pair = doc.pair([key]);
  const start = (pair?.key as { range?: [number, number, number] } | null)?.range?.[0];
  if (start === undefined) return undefined;
  const end = ((pair?.value ?? pair?.key) as { range?: [number, number, number] } | null)?.range?.[1] ?? start;
  const lineStart = doc.text.lastIndexOf('\n', start - 1) + 1;
  const nl = doc.text.indexOf('\n', Math.max(end - 1, start));
  return { range: doc.range(lineStart, nl < 0 ? doc.text.length : nl + 1), newText: '' };
}

/** The edits applied to the text (tests, the CLI); the extension applies them as a WorkspaceEdit. */
export function applyEdits(text: string, edits: readonly ConfigEdit[]): string {
  const offset = (p: { line: number; character: number }): number => {
    let at = 0;
    for (let l = 0; l < p.line; l++) at = text.indexOf('\n', at) + 1;
    return at + p.character;
  };
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}
