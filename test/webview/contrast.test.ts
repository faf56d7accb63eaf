import { describe, expect, it } from 'vitest';
import { contrastRatio, ensureContrast, parseColor } from '../../webview-ui/charts/contrast';

describe('chart colour contrast', () => {
  it('parses the colour forms theme variables use', () => {
    expect(parseColor('#d18616')).toEqual([209, 134, 22]);
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('#3794ffcc')).toEqual([55, 148, 255]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseColor('var(--x)')).toBeNull();
  });

  it('keeps a colour that reaches 3:1 and darkens one that does not (Light+ charts.orange on white)', () => {
    expect(ensureContrast('#1a85ff', '#ffffff', '#616161')).toBe('#1a85ff');
    const fixed = ensureContrast('#d18616', '#ffffff', '#616161');
    expect(contrastRatio(parseColor('#d18616')!, [255, 255, 255])).toBeLessThan(3);
    expect(fixed).not.toBe('#d18616');
    expect(contrastRatio(parseColor(fixed)!, [255, 255, 255])).toBeGreaterThanOrEqual(3);
  });

  it('lightens toward the text colour on a dark background', () => {
    const fixed = ensureContrast('#333333', '#1e1e1e', '#cccccc');
    expect(contrastRatio(parseColor(fixed)!, [30, 30, 30])).toBeGreaterThanOrEqual(3);
  });
});
