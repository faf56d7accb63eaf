import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Flags that make Debian's chromium behave headless on a machine without a GPU or network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Browser console lines and page errors, for failure reports. */
  consoleLines: string[];
  close(): Promise<void>;
}

export async function launchBrowser(
  executablePath: string,
  viewport = { width: 1440, height: 900 },
): Promise<BrowserSession> {
  // Chromium writes ~/.config/chromium and ~/.cache/dconf unless told otherwise.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fte-chromium-'));
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') };
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, env });
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  // The clipboard is used by some editor actions; allow it so nothing prompts.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => undefined);
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  return {
    browser,
    context,
    page,
    consoleLines,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
