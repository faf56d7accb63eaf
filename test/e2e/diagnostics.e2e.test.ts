import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/fixture.js';
import {
  applyQuickFix,
  goToLine,
  openFile,
  openQuickFix,
  replaceLine,
  save,
  waitForProblems,
  waitUntil,
} from './harness/workbench.js';

const CONFIG = 'quora-duplicates.finetune.yaml';

function lossLine(text: string): number {
  const i = text.split('\n').findIndex((l) => /^loss:/.test(l));
  if (i < 0) throw new Error(`${CONFIG} has no top-level loss: line`);
  return i + 1;
}

describe('diagnostics and quick fix on an example config', () => {
  const wb = useWorkbench('diagnostics');
  const original = () => fs.readFileSync(wb.file(CONFIG), 'utf8');

  it('opening the example config shows no problems', async () => {
    await openFile(wb.page, CONFIG);
    const problems = await waitForProblems(wb.page, (p) => p.length === 0, 'no problems for the example');
    expect(problems).toEqual([]);
  });

  it('breaking loss shows a diagnostic on the loss line, and the Quick Fix repairs it', async () => {
    const line = lossLine(original());
    await openFile(wb.page, CONFIG);
    await replaceLine(wb.page, line, 'loss: TripletLoss');
    await save(wb.page);
    // Diagnostics of half-typed states ("loss: Trip") may show first: wait for the final one.
    const problems = await waitForProblems(
      wb.page,
      (p) => p.some((d) => d.line === line && d.severity === 'error' && /TripletLoss/.test(d.message)),
      `an error about TripletLoss on line ${line}`,
    );
    expect(problems.filter((d) => d.line === line && d.severity === 'error')).toHaveLength(1);

    await goToLine(wb.page, line, 8);
    const fixes = await openQuickFix(wb.page);
    expect(fixes.join('\n')).toMatch(/OnlineContrastiveLoss/);
    await applyQuickFix(wb.page, /OnlineContrastiveLoss/);
    await save(wb.page);
    await waitUntil('the fix on disk', async () => /^loss:\s*OnlineContrastiveLoss\b/m.test(original()), 10_000);
    await waitForProblems(wb.page, (p) => !p.some((d) => d.line === line && d.severity === 'error'), 'the error to clear');
  });
});
