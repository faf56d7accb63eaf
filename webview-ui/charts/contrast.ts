/** WCAG contrast for chart colours: theme colours that are too faint on the background get mixed toward the text colour. */
export type Rgb = [number, number, number];

/** "#rgb", "#rrggbb", "#rrggbbaa", "rgb(…)" / "rgba(…)" → [r, g, b] (alpha ignored), or null. */
export function parseColor(css: string): Rgb | null {
  const c = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(c)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((d) => d + d).join('') : hex;
    if (full.length !== 6 && full.length !== 8) return null;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
  }
  const m = /^rgba?\(([^)]+)\)$/.exec(c);
  if (!m) return null;
  const parts = m[1]!.split(/[\s,/]+/).filter(Boolean).slice(0, 3).map(Number);
  return parts.length === 3 && parts.every((n) => Number.isFinite(n)) ? (parts as Rgb) : null;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const hex = (rgb: Rgb) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/**
 * `color` if it reaches `min`:1 against `background`, else the least mix of it toward `toward`
 * (the theme's text colour) that does: the hue of the theme's colour stays, readable.
 * Unparsable colours are returned unchanged.
 */
export function ensureContrast(color: string, background: string, toward: string, min = 3): string {
  const c = parseColor(color);
  const bg = parseColor(background);
  const fg = parseColor(toward);
  if (!c || !bg || !fg || contrastRatio(c, bg) >= min) return color;
  for (let t = 0.1; t <= 1.0001; t += 0.1) {
    const mixed: Rgb = [0, 1, 2].map((i) => c[i]! + (fg[i]! - c[i]!) * t) as Rgb;
    if (contrastRatio(mixed, bg) >= min) return hex(mixed);
  }
  return toward;
}
