import type { FrameLocator, Locator, Page } from 'playwright-core';

// Helpers that drive the VS Code workbench the way a user does: keyboard, palette,
// Problems panel. Every wait is on a condition; the only time windows are the
// negative checks ("no error notification appeared"), which cannot be anything else.

const QUICK_INPUT = '.quick-input-widget';
/** How long a command gets to show an error before we call it clean. */
export const QUIET_WINDOW_MS = 1_500;

export interface Problem {
  severity: 'error' | 'warning' | 'info' | 'unknown';
  message: string;
  /** 1-based, as the Problems panel shows it. */
  line: number;
  column: number;
  file: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
export { until as waitUntil };

/** Loads the workbench at `url` and waits until it can take input. */
export async function waitForWorkbench(page: Page, url?: string, timeoutMs = 60_000): Promise<void> {
  if (url) await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.part.activitybar, .part.sidebar').first().waitFor({ state: 'visible', timeout: timeoutMs });
  // The explorer's folder is resolved once the workspace is connected.
  await page
    .locator('.explorer-folders-view .monaco-list-row, .explorer-folders-view .monaco-list')
    .first()
    .waitFor({ state: 'attached', timeout: timeoutMs });
}

export function quickInput(page: Page): Locator {
  return page.locator(QUICK_INPUT);
}

export function quickInputRows(page: Page): Locator {
  return page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`);
}

async function quickInputVisible(page: Page): Promise<boolean> {
  return page.locator(QUICK_INPUT).isVisible();
}

/** Presses Escape until no quick input, menu or dialog is open. */
export async function dismissAll(page: Page, timeoutMs = 10_000): Promise<void> {
  await until(
    'quick input, menus and dialogs to close',
    async () => {
      const open =
        (await quickInputVisible(page)) ||
        (await page.locator('.monaco-dialog-box').isVisible()) ||
        (await page.locator('.context-view .monaco-menu, .action-widget .monaco-list-row.action').first().isVisible()) ||
        (await page.locator('.suggest-widget.visible').isVisible());
      if (!open) return true;
      await page.keyboard.press('Escape');
      return false;
    },
    timeoutMs,
    150,
  );
}

async function openPalette(page: Page): Promise<void> {
  await dismissAll(page);
  await page.keyboard.press('F1');
  await page.locator(`${QUICK_INPUT} .quick-input-box input`).waitFor({ state: 'visible', timeout: 10_000 });
}

/** The palette row whose label is exactly `label` (e.g. "Fine-tune Embeddings: New Config..."). */
function paletteRow(page: Page, label: string): Locator {
  return quickInputRows(page).filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
  });
}

/**
 * Finds a command in the palette by its full label and runs it. Contributed commands
 * appear only after the extension host registered them and an open palette does not
 * refresh, so it closes and reopens the palette until the command shows.
 */
export async function runCommand(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    await openPalette(page);
    await page.keyboard.type(label);
    const row = paletteRow(page, label).first();
    try {
      await row.waitFor({ state: 'visible', timeout: Math.min(3_000, Math.max(500, deadline - Date.now())) });
    } catch {
      if (Date.now() > deadline) {
        const shown = await quickInputRows(page).allInnerTexts();
        await page.keyboard.press('Escape');
        throw new Error(
          `command "${label}" did not show in the palette after ${attempt} tries; it showed: ${JSON.stringify(shown.slice(0, 10))}`,
        );
      }
      await page.keyboard.press('Escape');
      continue;
    }
    await row.click();
    // The palette closes before the command's own UI (if any) opens: wait for that, so
    // callers never mistake the closing palette for the command's quick pick.
    await until(
      'the palette to close',
      async () => !(await isPaletteOpen(page)),
      10_000,
      50,
    );
    return;
  }
}

/** The quick input is open in command mode (its value starts with ">"). */
async function isPaletteOpen(page: Page): Promise<boolean> {
  return page.locator(QUICK_INPUT).evaluate((el) => {
    const input = el.querySelector<HTMLInputElement>('.quick-input-box input');
    return (el as HTMLElement).offsetParent !== null && (el as HTMLElement).style.display !== 'none' && !!input?.value.startsWith('>');
  }).catch(() => false);
}

/** Whether the palette lists a command with exactly this label (closes the palette). */
export async function paletteHas(page: Page, label: string, timeoutMs = 15_000): Promise<boolean> {
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await openPalette(page);
      await page.keyboard.type(label);
      try {
        await paletteRow(page, label).first().waitFor({ state: 'visible', timeout: 2_000 });
        return true;
      } catch {
        if (Date.now() > deadline) return false;
      } finally {
        await page.keyboard.press('Escape');
      }
    }
  } finally {
    await dismissAll(page);
  }
}

/** Texts of the notification toasts now on screen, by severity. */
export async function notifications(page: Page): Promise<{ severity: string; message: string }[]> {
  const items = page.locator('.notifications-toasts .notification-list-item');
  const out: { severity: string; message: string }[] = [];
  for (const item of await items.all()) {
    if (!(await item.isVisible())) continue;
    const icon = (await item.locator('.notification-list-item-icon').getAttribute('class')) ?? '';
    const severity = /error/.test(icon) ? 'error' : /warning/.test(icon) ? 'warning' : 'info';
    const message = (await item.locator('.notification-list-item-message').innerText()).trim();
    out.push({ severity, message });
  }
  return out;
}

/** Error toasts, plus error dialogs (a command run from the palette that throws shows a modal one). */
export async function errorNotifications(page: Page): Promise<string[]> {
  const errors = (await notifications(page)).filter((n) => n.severity === 'error').map((n) => n.message);
  for (const box of await page.locator('.monaco-dialog-box').all()) {
    if (!(await box.isVisible()) || (await box.locator('.codicon-error, .codicon-dialog-error').count()) === 0) continue;
    errors.push((await box.locator('.dialog-message-container').innerText()).replace(/\s+/g, ' ').trim());
  }
  return errors;
}

export async function clearNotifications(page: Page): Promise<void> {
  if ((await page.locator('.notifications-toasts .notification-list-item').count()) === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page
    .locator('.notifications-toasts .notification-list-item')
    .first()
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(() => undefined);
}

export interface CommandOutcome {
  /** The command opened a quick pick / input box (and we closed it with Escape). */
  openedQuickInput: boolean;
  /** Error notifications that appeared while it ran. */
  errors: string[];
}

/**
 * Runs a palette command and watches it: any quick input or dialog it opens is closed
 * with Escape; error notifications raised meanwhile are returned.
 */
export async function runCommandAndWatch(page: Page, label: string): Promise<CommandOutcome> {
  await clearNotifications(page);
  await runCommand(page, label);
  let openedQuickInput = false;
  const errors = new Set<string>();
  const end = Date.now() + QUIET_WINDOW_MS;
  // Watch for the command's visible effects until it stayed quiet for the window.
  while (Date.now() < end) {
    for (const e of await errorNotifications(page)) errors.add(e);
    if (await quickInputVisible(page)) openedQuickInput = true;
    await page.waitForTimeout(100);
  }
  for (const e of await errorNotifications(page)) errors.add(e);
  await dismissAll(page);
  return { openedQuickInput, errors: [...errors] };
}

/** Opens a workspace file by its path relative to the workspace root (Quick Open). */
export async function openFile(page: Page, relPath: string, timeoutMs = 20_000): Promise<void> {
  const base = relPath.split('/').pop() ?? relPath;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await dismissAll(page);
    await page.keyboard.press('Control+P');
    await page.locator(`${QUICK_INPUT} .quick-input-box input`).waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(relPath);
    const row = quickInputRows(page)
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(base)}\\s*$`) }) })
      .first();
    try {
      // File search is indexed in the background after the window opens: retry.
      await row.waitFor({ state: 'visible', timeout: 3_000 });
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`Quick Open did not find ${relPath}`);
      continue;
    }
    await row.click();
    break;
  }
  await activeTab(page, base).waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** The active editor tab, optionally only if its label (name + suffix, e.g. "a.finetune.yaml") contains `name`. */
export function activeTab(page: Page, name?: string): Locator {
  const tab = page.locator('.tabs-container .tab.active');
  return name ? tab.filter({ has: page.locator('.monaco-icon-label-container', { hasText: name }) }) : tab;
}

/** The active tab's file name as shown (tabs split "a.finetune" and ".yaml" into name and suffix). */
export async function activeTabLabel(page: Page): Promise<string | undefined> {
  const label = page.locator('.tabs-container .tab.active .monaco-icon-label-container').first();
  return (await label.count()) ? ((await label.textContent()) ?? '').replace(/\s+/g, '') : undefined;
}

/** Focuses the active editor and moves the cursor to the start of a 1-based line. */
export async function goToLine(page: Page, line: number, column?: number): Promise<void> {
  await dismissAll(page);
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  await page.locator(`${QUICK_INPUT} .quick-input-box input`).waitFor({ state: 'visible' });
  await page.keyboard.type(column ? `${line}:${column}` : String(line));
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  await until(
    `cursor at line ${line}`,
    async () => (await page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line},`) }).count()) > 0,
    5_000,
  );
}

/** Replaces the content of a 1-based line (from its first non-blank character) by typing. */
export async function replaceLine(page: Page, line: number, text: string): Promise<void> {
  await goToLine(page, line);
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type(text);
  await dismissAll(page);
}

/** Saves the active editor and waits until its tab is no longer dirty. */
export async function save(page: Page): Promise<void> {
  await page.keyboard.press('Control+S');
  await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
}

/** Shows the Problems panel and reads its markers. */
export async function readProblems(page: Page): Promise<Problem[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)').catch(async () => {
      await runCommand(page, 'Problems: Focus on Problems View');
    });
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
  }
  return parseProblems(page);
}

/** Reads the Problems tree in one pass inside the page, so rows re-rendering mid-read cannot tear it. */
async function parseProblems(page: Page): Promise<Problem[]> {
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => {
    const out: Problem[] = [];
    let file = '';
    for (const row of rows) {
      const icon = row.querySelector('.marker-icon');
      if (!icon) {
        file = (row.querySelector('.label-name')?.textContent ?? row.getAttribute('aria-label') ?? '').trim();
        continue;
      }
      const cls = icon.className;
      const severity = /error/.test(cls) ? 'error' : /warning/.test(cls) ? 'warning' : /info/.test(cls) ? 'info' : 'unknown';
      const message = (row.querySelector('.marker-message')?.textContent ?? row.getAttribute('aria-label') ?? '').trim();
      const pos = /\[Ln (\d+), Col (\d+)\]/.exec(row.querySelector('.marker-line')?.textContent ?? '') ??
        /line (\d+) and character (\d+)/i.exec(row.getAttribute('aria-label') ?? '');
      out.push({ severity, message, line: pos ? Number(pos[1]) : 0, column: pos ? Number(pos[2]) : 0, file });
    }
    return out;
  });
}

/** Waits until the Problems panel satisfies `predicate`; returns the markers it saw. */
export async function waitForProblems(
  page: Page,
  predicate: (problems: Problem[]) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<Problem[]> {
  let last: Problem[] = [];
  try {
    return await until(
      what,
      async () => {
        last = await readProblems(page);
        return predicate(last) ? last : undefined;
      },
      timeoutMs,
      250,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; Problems panel showed ${JSON.stringify(last)}`);
  }
}

/** Opens the suggest widget at the cursor and returns the suggestion labels. */
export async function triggerSuggest(page: Page): Promise<string[]> {
  await page.keyboard.press('Control+Space');
  const widget = page.locator('.suggest-widget.visible');
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  await until(
    'suggestions to load',
    async () =>
      (await widget.locator('.monaco-list-row').count()) > 0 ||
      (await widget.locator('.message', { hasText: /No suggestions/ }).isVisible()),
    10_000,
  );
  return suggestLabels(page);
}

/**
 * All suggestion labels of the open suggest widget. The list is virtualised, so when it
 * holds more items than it renders (rows carry aria-setsize), it pages through them.
 */
export async function suggestLabels(page: Page): Promise<string[]> {
  const rows = page.locator('.suggest-widget.visible .monaco-list-row');
  const seen = new Set<string>();
  const collect = async () => {
    for (const t of await rows.locator('.label-name').allInnerTexts()) seen.add(t.trim());
  };
  await collect();
  const total = Number((await rows.first().getAttribute('aria-setsize').catch(() => null)) ?? seen.size);
  for (let i = 0; seen.size < total && i < 50; i++) {
    await page.keyboard.press('PageDown');
    await collect();
  }
  return [...seen];
}

/**
 * Opens the Quick Fix menu (Ctrl+.) at the cursor and returns its action titles. Code
 * actions come from the extension host, which may still be computing them: if the menu
 * does not come up, close whatever did and ask again.
 */
export async function openQuickFix(page: Page, timeoutMs = 30_000): Promise<string[]> {
  const items = page.locator('.action-widget .monaco-list-row.action');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Control+.');
    try {
      await items.first().waitFor({ state: 'visible', timeout: 5_000 });
      return (await items.allInnerTexts()).map((t) => t.trim());
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await dismissAll(page);
      await page.locator('.editor-instance .monaco-editor textarea').first().focus();
    }
  }
}

/** Applies the Quick Fix whose title contains `text`. */
export async function applyQuickFix(page: Page, text: string | RegExp): Promise<void> {
  const item = page.locator('.action-widget .monaco-list-row.action', { hasText: text }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  await item.click();
  await page.locator('.action-widget .monaco-list-row.action').first().waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * The document inside a webview: VS Code nests it two iframes deep
 * (`iframe.webview` hosts `iframe#active-frame`). Picks the visible webview.
 */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page
    .locator('iframe.webview')
    .filter({ visible: true })
    .nth(index)
    .contentFrame()
    .locator('iframe#active-frame')
    .contentFrame();
}

/** Clicks an activity-bar entry by its title (e.g. "Fine-tune Embeddings"). */
export async function openActivity(page: Page, title: string): Promise<void> {
  const item = page.locator(`.activitybar .action-item a[aria-label^="${title}"], .activitybar .action-item[aria-label^="${title}"]`).first();
  await item.waitFor({ state: 'visible', timeout: 20_000 });
  const expanded = await page.locator(`.activitybar .action-item.checked a[aria-label^="${title}"], .activitybar .action-item.checked[aria-label^="${title}"]`).count();
  if (!expanded) await item.click();
  await page.locator('.part.sidebar .composite.title', { hasText: new RegExp(escapeRegExp(title), 'i') }).first().waitFor({ state: 'visible', timeout: 10_000 });
}
