import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordTinyRun } from '../fixtures/tinyRun.js';
import type { TinyRun } from '../fixtures/tinyRun.js';
import { useWorkbench } from './harness/fixture.js';
import { openRunFromPalette, panelFrame } from './harness/panel.js';

/**
 * Try it in the real VS Code, on a recorded local run whose model was fine-tuned for real (a tiny
 * BERT, test/fixtures/tiny_run.py): the query box loads both models in the training environment
 * and shows their top-k of the corpus side by side.
 */
describe('Try it in the run dashboard', () => {
  let tiny: TinyRun;
  const wb = useWorkbench('try-it', {
    prepare: async (ws) => {
      tiny = await recordTinyRun(ws);
      // The interpreter that has the training packages, as a user sets it.
      fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'finetuneEmbeddings.local.pythonPath': tiny.python }, null, 2));
    },
  });

  it('a typed query and Enter: base and fine-tuned top 10 side by side; a held-out pick shows where its match moved', async () => {
    const { page } = wb;
    await openRunFromPalette(page, tiny.id);
    const frame = await panelFrame(page, 'dashboard');
    await frame.locator('#try-it:not([hidden])').waitFor({ timeout: 15_000 });
    // Use it: the exact Python that loads this model.
    await frame.locator('#model-code').waitFor({ timeout: 15_000 });
    expect(await frame.locator('#model-code').innerText()).toContain(`SentenceTransformer(${JSON.stringify(tiny.modelPath)})`);

    await frame.locator('#try-query').click();
    await page.keyboard.type('vigure xopowi neqiqo');
    await page.keyboard.press('Enter');
    const answer = frame.locator('#try-answer[data-query="vigure xopowi neqiqo"]');
    await answer.waitFor({ timeout: 90_000 });
    expect(await frame.locator('#try-base li.hit').count()).toBe(10);
    expect(await frame.locator('#try-finetuned li.hit').count()).toBe(10);
    const scores = await frame.locator('#try-finetuned .hit-score').allInnerTexts();
    expect(scores.map(Number)).toEqual([...scores.map(Number)].sort((a, b) => b - a));
    expect(await frame.locator('#try-status').innerText()).toMatch(/Answered in \d+ ms/);

    // The held-out pick, by keyboard (its list would open under the status bar): the first
    // example's query runs, with its known positive and where each model ranked it.
    const picked = ((await frame.locator('#try-example vscode-option').nth(1).textContent()) ?? '').trim();
    await frame.locator('#try-example').focus();
    await page.keyboard.press('ArrowDown'); // opens the list on the current (placeholder) entry
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await frame.locator('[data-testid="try-known"]').waitFor({ timeout: 30_000 });
    expect(await frame.locator('#try-query').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe(picked);
    expect(await frame.locator('[data-testid="try-known"]').innerText()).toMatch(/Known match .*: base #\d+ → fine-tuned #\d+/);
    await frame.locator('#try-answer').scrollIntoViewIfNeeded();
    await wb.capture('try-it-answer');
  });
});
