import { ensureContrast } from './contrast';

/** Chart colours from VS Code's theme variables, re-read when the body's theme class changes. */
export type PaletteKey = 'blue' | 'orange' | 'green' | 'purple' | 'red' | 'yellow' | 'foreground';

export interface ChartTheme {
  color: Record<PaletteKey, string>;
  text: string;
  grid: string;
  font: string;
}

const VARS: Record<PaletteKey, string> = {
  blue: '--vscode-charts-blue', orange: '--vscode-charts-orange', green: '--vscode-charts-green',
  purple: '--vscode-charts-purple', red: '--vscode-charts-red', yellow: '--vscode-charts-yellow', foreground: '--vscode-charts-foreground',
};

export function readTheme(el: Element = document.body): ChartTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const text = v('--vscode-charts-foreground', v('--vscode-foreground', 'gray'));
  const background = v('--vscode-editor-background', '');
  // Every line at least 3:1 on the panel's background (WCAG non-text contrast), in every theme.
  const color = Object.fromEntries(Object.entries(VARS).map(([k, name]) => [k, ensureContrast(v(name, text), background, text)])) as Record<PaletteKey, string>;
  return { color, text, grid: v('--vscode-charts-lines', v('--vscode-panel-border', 'rgba(128,128,128,0.3)')), font: v('--vscode-font-family', 'sans-serif') };
}

/** Calls `onChange` when VS Code switches between light, dark and high-contrast themes. */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
