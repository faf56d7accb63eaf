import { describe, expect, it } from 'vitest';
import { checkCostText, dataStepText } from '../../../src/core/doctor/checkCost';

describe('what a data check cost, as Check Data and the CLI say it', () => {
  it('rows, seconds, rows per second and peak memory, grouped for reading', () => {
    expect(checkCostText({ total_rows: 2_000_000, seconds: 18.55, peak_memory_mb: 2363 })).toBe('checked 2,000,000 rows in 18.6 s (107,817 rows/s), peak memory 2,363 MB');
    expect(checkCostText({ total_rows: 10, seconds: 0 })).toBe('checked 10 rows in 0.0 s (10,000 rows/s), peak memory ? MB');
    expect(checkCostText({ total_rows: 10 })).toBeUndefined();
    expect(checkCostText(undefined)).toBeUndefined();
  });

  it('the doctor\'s step lines become progress; other output does not', () => {
    expect(dataStepText('[data] test split: 2,000,000 rows, this takes a while (about 20 s at ~100,000 rows/s)')).toBe('test split: 2,000,000 rows, this takes a while (about 20 s at ~100,000 rows/s)');
    expect(dataStepText('fte: loading sentence-transformers/all-MiniLM-L6-v2')).toBeUndefined();
  });
});
