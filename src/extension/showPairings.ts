import * as vscode from 'vscode';
import { getEvaluator } from '../core/catalog/evaluators';
import { getLoss } from '../core/catalog/losses';
import { TASKS } from '../core/catalog/tasks';
import type { TaskSpec } from '../core/catalog/types';

/** "Show Task Pairings": the catalog as a Markdown preview, so the choice of loss is explained, not just made. */
export async function showPairingsCommand(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: TASKS.map(pairingMarkdown).join('\n\n') });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
}

export function pairingMarkdown(t: TaskSpec): string {
  const rows = t.columns.map((c) => `| \`${c.role}\` | ${c.kind} | ${c.required ? 'yes' : 'optional'} | ${c.description} |`);
  const losses = t.losses.map((l) => `- ${l.recommended ? '**Recommended:** ' : ''}[${l.loss}](${getLoss(l.loss)?.docs}): ${l.why}`);
  const evaluators = t.evaluators.map((e) => `- ${e.recommended ? '**Recommended:** ' : ''}[${e.evaluator}](${getEvaluator(e.evaluator)?.docs}) (\`${getEvaluator(e.evaluator)?.primaryMetric}\`): ${e.why}`);
  return [
    `## ${t.title} — \`${t.id}\``, t.explanation, '',
    '| Column | Kind | Required | Holds |', '|---|---|---|---|', ...rows, '',
    '**Losses**', ...losses, '', '**Evaluators**', ...evaluators, '',
    `Examples: ${t.examples.map((x) => `\`${x.hub}\`${x.subset ? ` (${x.subset})` : ''}`).join(', ')}`,
  ].join('\n');
}
