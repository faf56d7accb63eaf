// `npm run screenshots`: the README's pictures, taken from the same harness as the e2e
// suite (vitest --mode screenshots picks up *.screenshots.ts). Output: media/*.png.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SWEEP_ID, writeRecordedSweep } from '../fixtures/sweeps/quoraSweep';
import { COMPLETED_ID, writeCompletedRun } from './fixtures/runStore.js';
import { useWorkbench } from './harness/fixture.js';
import { openRunFromPalette, openWizard, panelFrame, setColorTheme } from './harness/panel.js';
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
  const wb = useWorkbench('screenshots');
  const lossLine = () => fs.readFileSync(wb.file(CONFIG), 'utf8').split('\n').findIndex((l) => /^loss:/.test(l)) + 1;

  it('run explorer', async () => {
    await openActivity(wb.page, 'Fine-tune Embeddings');
    await wb.page.locator('.part.sidebar .welcome-view-content').first().waitFor({ state: 'visible' });
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

  it('panel wizard, light and dark', async () => {
    const { page } = wb;
    await runCommand(page, 'View: Close All Editors');
    const frame = await openWizard(page);
    await frame.locator('#task-duplicate-classification').click();
    await frame.locator('#pairing[data-task="duplicate-classification"]').waitFor();
    await frame.locator('#estimate', { hasText: /training rows/ }).waitFor();
    await setColorTheme(page, 'Default Light Modern');
    await shot(page, 'wizard-light');
    await setColorTheme(page, 'Default Dark Modern');
    await shot(page, 'wizard-dark');
  });

  it('run dashboard, light and dark; sweep dashboard', async () => {
    const { page } = wb;
    // The recorded runs arrive now (the first picture shows the empty Runs view).
    writeCompletedRun(wb.workspace);
    writeRecordedSweep(wb.workspace);
    await runCommand(page, 'View: Close All Editors');
    await openRunFromPalette(page, COMPLETED_ID);
    const frame = await panelFrame(page, 'dashboard');
    await frame.locator('#summary-table').waitFor();
    await setColorTheme(page, 'Default Light Modern');
    await shot(page, 'dashboard-light');
    await setColorTheme(page, 'Default Dark Modern');
    await shot(page, 'dashboard-dark');

    await runCommand(page, 'View: Close All Editors');
    await openRunFromPalette(page, SWEEP_ID);
    const sweep = await panelFrame(page, 'sweep');
    await sweep.locator('#sweep-trials-table tr[data-trial]').first().waitFor();
    await shot(page, 'sweep-dashboard');
  });
});
