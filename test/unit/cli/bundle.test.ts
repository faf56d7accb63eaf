import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

/** What activation loads: dist/extension.js must not carry the Modal SDK or the webview bundle. */
describe('the extension bundle', () => {
  test('keeps the Modal SDK in dist/modal.js, loaded only on first launch', () => {
    if (!existsSync('dist/extension.js') || !existsSync('dist/modal.js')) execFileSync(process.execPath, ['scripts/build.mjs']);
    const extension = readFileSync('dist/extension.js', 'utf8');
    const modal = readFileSync('dist/modal.js', 'utf8');
    const SDK_SERVICE = '"SandboxCreate"'; // an RPC name in the SDK's service definition, a literal even when minified
    expect(modal.includes(SDK_SERVICE)).toBe(true);
    expect(extension.includes(SDK_SERVICE)).toBe(false);
    expect(/(?:require|import)\(["'`]\.\/modal\.js["'`]\)/.test(extension)).toBe(true); // loaded lazily, beside the bundle
    expect(extension.includes('chartjs') || extension.includes('Chart.register')).toBe(false);
    expect(extension.length).toBeLessThan(modal.length / 2);
  });
});
