/** What training does with a dataset's rows (gpu-templates/fte/data.py and sampling.py), for counts shown before a run. */
export interface SplitRows {
  total: number;
  train: number;
  validation: number;
  test: number;
}

/** The validation set's default cap (fte/data.py VALIDATION_MAX). */
export const VALIDATION_MAX = 2000;

const carve = (n: number, size: number, cap = Infinity): number => (size > 0 && size < 1 ? Math.min(Math.ceil(n * size), cap) : 0);

/**
 * The three splits as training computes them: test = ceil(n × test_size), then validation =
 * ceil(rest × validation_size) capped at validation_max, the remainder trains. The same
 * numbers the data check reports, so the panel and the check never disagree.
 */
export function splitRows(total: number, testSize: number, validationSize = 0.1, validationMax = VALIDATION_MAX): SplitRows {
  const test = carve(total, testSize);
  const validation = carve(total - test, validationSize, validationMax);
  return { total, train: total - test - validation, validation, test };
}

/** "960 rows: 777 train, 87 validation, 96 test". */
export function splitRowsText(s: SplitRows, exact = true): string {
  const f = (n: number) => n.toLocaleString('en-US');
  return `${exact ? '' : 'about '}${f(s.total)} rows: ${f(s.train)} train, ${f(s.validation)} validation, ${f(s.test)} test`;
}
