// `npm run screenshots`: the README's pictures, taken from the same harness as the e2e
// suite (vitest --mode screenshots picks up *.screenshots.ts). Output: media/*.png.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SWEEP_ID, writeRecordedSweep } from '../fixtures/sweeps/quoraSweep';
import { recordTinyRun } from '../fixtures/tinyRun.js';
import type { TinyRun } from '../fixtures/tinyRun.js';
import { COMPLETED_ID, writeCompletedRun } from './fixtures/runStore.js';
import { useWorkbench } from './harness/fixture.js';
import { openRunFromPalette, openWizard, panelFrame, pickDatasetFile, setColorTheme, waitForRunsTree } from './harness/panel.js';
import { mediaDir } from './harness/paths.js';
import {
  applyQuickFix,
  dismissAll,
  goToLine,
  openActivity,
  openFile,
  openQuickFix,
  quickInputRows,
  readProblems,
  replaceLine,
  runCommand,
  save,
  triggerSuggest,
  waitForProblems,
} from './harness/workbench.js';

const CONFIG = 'quora-duplicates.finetune.yaml';

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(mediaDir, { recursive: true });
  await page.screenshot({ path: path.join(mediaDir, `${name}.png`) });
  console.log(`media/${name}.png`);
}

describe('README screenshots', () => {
  let tiny: TinyRun;
  // A recorded local run with a real (tiny) fine-tuned model: its dashboard has the test report's
  // headline and verdict, and Try it answers from its model. The quickstart's data sits at the
  // workspace root too, for the wizard's file dialog.
  const wb = useWorkbench('screenshots', {
    prepare: async (ws) => {
      tiny = await recordTinyRun(ws);
      writeCompletedRun(ws); // the golden completed run: a test report with a clear verdict
      fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'finetuneEmbeddings.local.pythonPath': tiny.python }, null, 2));
      fs.copyFileSync(path.join(ws, 'data', 'quickstart-runbooks.jsonl'), path.join(ws, 'quickstart-runbooks.jsonl'));
    },
  });
  const lossLine = () => fs.readFileSync(wb.file(CONFIG), 'utf8').split('\n').findIndex((l) => /^loss:/.test(l)) + 1;

  it('run explorer', async () => {
    await openActivity(wb.page, 'Fine-tune Embeddings');
    await waitForRunsTree(wb.page, (rows) => rows.some((r) => r.level === 2), 'the recorded run in the Runs view');
    await openFile(wb.page, CONFIG);
    // CodeLenses arrive after the file is analysed; take the picture with them if they come.
    await wb.page.locator('.monaco-editor .codelens-decoration').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    await shot(wb.page, 'run-explorer');
  });

  it('diagnostics and quick fix', async () => {
    const { page } = wb;
    const line = lossLine();
    await openFile(page, CONFIG);
    await replaceLine(page, line, 'loss: TripletLoss');
    await readProblems(page);
    await waitForProblems(page, (p) => p.some((d) => d.line === line && /TripletLoss/.test(d.message)), 'the loss diagnostic');
    await goToLine(page, line, 8);
    await openQuickFix(page);
    await shot(page, 'quick-fix');
    await applyQuickFix(page, /OnlineContrastiveLoss/);
    await save(page);
    await waitForProblems(page, (p) => p.length === 0, 'the fix to clear the problem');
  });

  it('completions for the task', async () => {
    const { page } = wb;
    await runCommand(page, 'View: Hide Panel');
    await page.locator('.part.panel').waitFor({ state: 'hidden' });
    await replaceLine(page, lossLine(), 'loss: ');
    await triggerSuggest(page);
    await shot(page, 'completions');
    await dismissAll(page);
    // Put the file back as it was for the next picture.
    await runCommand(page, 'File: Revert File');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  });

  it('new config wizard', async () => {
    const { page } = wb;
    await runCommand(page, 'Fine-tune Embeddings: New Config...');
    await quickInputRows(page).first().waitFor({ state: 'visible' });
    await shot(page, 'new-config');
    await dismissAll(page);
  });

  it('panel wizard with guessed columns, light and dark; its data check', async () => {
    const { page } = wb;
    await runCommand(page, 'View: Close All Editors');
    const frame = await openWizard(page);
    await frame.locator('#task-information-retrieval').click();
    await frame.locator('#pairing[data-task="information-retrieval"]').waitFor();
    // The quickstart's model: installed with the training environment, so the data check reads its tokenizer offline.
    await frame.locator('#model-suggestions [data-model="sentence-transformers/all-MiniLM-L6-v2"]').click();
    await pickDatasetFile(page, frame, wb.file('quickstart-runbooks.jsonl'));
    await frame.locator('#column-anchor-guess').waitFor();
    await frame.locator('#estimate', { hasText: /rows:/ }).waitFor();
    await frame.locator('#step-dataset').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await setColorTheme(page, 'Default Light Modern');
    await shot(page, 'wizard-light');
    await setColorTheme(page, 'Default Dark Modern');
    await shot(page, 'wizard-dark');
    // The data check runs by itself on the draft, in the training environment (Python starts on a busy machine).
    await frame.locator('#data-check-status[data-state="done"]').waitFor({ timeout: 180_000 });
    await frame.locator('#data-check-status').evaluate((el) => el.closest('section')?.scrollIntoView({ block: 'start' }));
    await shot(page, 'data-check');
  }, 300_000);

  it('run dashboard with its verdict, light and dark; Try it; sweep dashboard', async () => {
    const { page } = wb;
    writeRecordedSweep(wb.workspace);
    await runCommand(page, 'View: Close All Editors');
    await openRunFromPalette(page, COMPLETED_ID);
    const frame = await panelFrame(page, 'dashboard');
    await frame.locator('#summary-table').waitFor();
    await setColorTheme(page, 'Default Light Modern');
    await shot(page, 'dashboard-light');
    await setColorTheme(page, 'Default Dark Modern');
    await shot(page, 'dashboard-dark');

    // Try it on the run with a real (tiny) model: a query, then a held-out pick with its known match.
    await runCommand(page, 'View: Close All Editors');
    await openRunFromPalette(page, tiny.id);
    const tried = await panelFrame(page, 'dashboard');
    await tried.locator('#try-it:not([hidden])').waitFor({ timeout: 15_000 });
    await tried.locator('#try-query').click();
    await page.keyboard.type('vigure xopowi neqiqo');
    await page.keyboard.press('Enter');
    await tried.locator('#try-answer[data-query="vigure xopowi neqiqo"]').waitFor({ timeout: 120_000 });
    await tried.locator('#try-example').focus();
    await page.keyboard.press('ArrowDown'); // opens the list on the placeholder
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await tried.locator('[data-testid="try-known"]').waitFor({ timeout: 30_000 });
    await tried.locator('#try-it').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'try-it');

    await runCommand(page, 'View: Close All Editors');
    await openRunFromPalette(page, SWEEP_ID);
    const sweep = await panelFrame(page, 'sweep');
    await sweep.locator('#sweep-trials-table tr[data-trial]').first().waitFor();
    await shot(page, 'sweep-dashboard');
  }, 240_000);
});
