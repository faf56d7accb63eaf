import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { dismissAll, openActivity, quickInput, quickInputRows, runCommand, waitUntil } from './workbench.js';

// Helpers for the extension's own UI: its webview panels (through the test hook the panel
// installs when the extension host runs with FINETUNE_EMBEDDINGS_TEST_HOOKS=1), the Runs view
// and the colour theme.

export type ViewKind = 'wizard' | 'dashboard' | 'compare' | 'sweep' | 'review';
/** Raw (undecimated) chart data: chart id -> datasets of [x, y] points (src/protocol/messages.ts). */
export type ChartData = Record<string, { datasets: { label: string; points: [number, number | null][] }[] }>;

declare global {
  interface Window {
    __fteTest?: { chartData(): ChartData; view(): ViewKind | null };
  }
}

interface FrameProbe {
  ready: boolean;
  view: ViewKind | null;
  hooks: boolean;
}

async function probe(frame: Frame): Promise<FrameProbe | undefined> {
  return frame
    .evaluate(() => ({
      ready: document.body?.dataset['fteReady'] === '1',
      hooks: typeof window.__fteTest?.chartData === 'function',
      view: window.__fteTest?.view() ?? ((document.body?.dataset['view'] as ViewKind | undefined) ?? null),
    }))
    .catch(() => undefined);
}

/**
 * The document of one of our panels (two iframes deep inside the workbench) once it has
 * rendered its first snapshot (`body[data-fte-ready="1"]`). Fails with a clear message when
 * the panel rendered but the test hook is missing: FINETUNE_EMBEDDINGS_TEST_HOOKS did not
 * reach the extension host.
 */
export async function panelFrame(page: Page, view: ViewKind, timeoutMs = 30_000): Promise<Frame> {
  let noHooks = false;
  try {
    return await waitUntil(
      `the ${view} panel to render`,
      async () => {
        for (const frame of page.frames()) {
          if (frame === page.mainFrame()) continue;
          const p = await probe(frame);
          if (!p?.ready || p.view !== view) continue;
          if (p.hooks) return frame;
          noHooks = true;
        }
        return undefined;
      },
      timeoutMs,
      150,
    );
  } catch (err) {
    if (noHooks) {
      throw new Error(`the ${view} panel rendered without window.__fteTest: FINETUNE_EMBEDDINGS_TEST_HOOKS=1 did not reach the extension host`);
    }
    throw err;
  }
}

/** "Fine-tune Embeddings: Open Panel" and the wizard's document once rendered. */
export async function openWizard(page: Page): Promise<Frame> {
  await runCommand(page, 'Fine-tune Embeddings: Open Panel');
  return panelFrame(page, 'wizard');
}

export async function chartData(frame: Frame): Promise<ChartData> {
  return frame.evaluate(() => window.__fteTest!.chartData());
}

/** Points of one dataset of one chart, by the dataset's label. */
export function series(data: ChartData, chart: string, label: string): [number, number | null][] {
  const ds = data[chart]?.datasets.find((d) => d.label === label);
  if (!ds) throw new Error(`chart ${chart} has no dataset "${label}"; it has ${JSON.stringify(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.datasets.map((d) => d.label)])))}`);
  return ds.points;
}

/** "Fine-tune Embeddings: Open Run Dashboard", then the run (or sweep) `id` in its pick. */
export async function openRunFromPalette(page: Page, id: string): Promise<void> {
  await runCommand(page, 'Fine-tune Embeddings: Open Run Dashboard');
  // The pick shows name, state and, as detail, the id.
  const row = quickInputRows(page).filter({ hasText: id }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

export interface TreeRow {
  level: number;
  label: string;
  description: string;
  /** The codicon of the item's icon, e.g. "pass", "error", "sync~spin" (as "sync"). */
  icon: string | null;
  expanded: boolean | null;
}

/** Opens the Fine-tune Embeddings container and reads the Runs view's rendered rows. */
export async function readRunsTree(page: Page): Promise<TreeRow[]> {
  await openActivity(page, 'Fine-tune Embeddings');
  return page.locator('.part.sidebar .monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => {
      const icon = row.querySelector('.custom-view-tree-node-item-icon');
      const codicon = icon ? /codicon-([a-z0-9-]+)/.exec([...icon.classList].filter((c) => c !== 'codicon-modifier-spin').join(' ')) : null;
      const expanded = row.getAttribute('aria-expanded');
      return {
        level: Number(row.getAttribute('aria-level') ?? 0),
        label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
        icon: codicon ? codicon[1]! : null,
        expanded: expanded === null ? null : expanded === 'true',
      };
    }),
  );
}

/** Waits until the Runs view satisfies `predicate`; returns the rows it saw. */
export async function waitForRunsTree(page: Page, predicate: (rows: TreeRow[]) => boolean, what: string, timeoutMs = 30_000): Promise<TreeRow[]> {
  let last: TreeRow[] = [];
  try {
    return await waitUntil(what, async () => {
      last = await readRunsTree(page);
      return predicate(last) ? last : undefined;
    }, timeoutMs, 200);
  } catch (err) {
    throw new Error(`${(err as Error).message}; the Runs view showed ${JSON.stringify(last)}`);
  }
}

/**
 * Switches the colour theme (`workbench.colorTheme`) the way a user does, with "Preferences:
 * Color Theme" (this code-server does not apply edits of the settings file live), and waits
 * for the workbench and any open panel to take it.
 */
export async function setColorTheme(page: Page, theme: 'Default Light Modern' | 'Default Dark Modern'): Promise<void> {
  const short = theme.replace(/^Default /, '');
  await runCommand(page, 'Preferences: Color Theme');
  await page.keyboard.type(short);
  const row = quickInputRows(page).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*(Default )?${short}\\s*$`) }) }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  const light = theme.includes('Light');
  let classes = '';
  await waitUntil(
    `the ${theme} theme`,
    async () => {
      classes = await page.locator('.monaco-workbench').first().evaluate((el) => el.className);
      const c = classes.split(/\s+/);
      return c.includes(light ? 'vs' : 'vs-dark') && c.some((k) => k.includes(light ? 'light_modern' : 'dark_modern'));
    },
    15_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; the workbench has classes "${classes}"`);
  });
  await waitUntil(
    'panels to take the theme',
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const ok = await frame
          .evaluate((l) => !document.body?.dataset['fteReady'] || document.body.classList.contains(l ? 'vscode-light' : 'vscode-dark'), light)
          .catch(() => true);
        if (!ok) return false;
      }
      return true;
    },
    10_000,
  );
  await dismissAll(page);
}

/**
 * The wizard's "Choose a csv, jsonl or parquet file…": code-server's file dialog is a quick
 * input. Sets the whole path at once (typing lets its completion splice in folder names), picks
 * the file from the folder it lists, and accepts. A file at the workspace root is picked reliably.
 */
export async function pickDatasetFile(page: Page, frame: Frame, absPath: string): Promise<void> {
  await frame.locator('#dataset-kind-file').click();
  await frame.locator('#dataset-pick').click();
  const input = quickInput(page).locator('input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(absPath);
  await quickInput(page).locator('.monaco-list-row', { hasText: path.basename(absPath) }).first().click({ timeout: 15_000 });
  await waitUntil('the dialog to close', async () => {
    if (!(await input.isVisible())) return true;
    await quickInput(page).getByRole('button', { name: 'Use this dataset' }).click({ timeout: 2_000 }).catch(() => undefined);
    return false;
  }, 20_000, 500);
}
