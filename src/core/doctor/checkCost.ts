/** What a data check cost, in one line: the CLI prints it, Check Data shows it. */
import type { DoctorStats } from './doctorResult';

/** "checked 2,000,000 rows in 18.6 s (107,830 rows/s), peak memory 2,363 MB"; undefined before the doctor reports it. */
export function checkCostText(s: DoctorStats | undefined): string | undefined {
  if (s?.seconds === undefined || s.total_rows === undefined) return undefined;
  const n = (v: number) => v.toLocaleString('en-US');
  const rate = Math.round(s.total_rows / Math.max(s.seconds, 0.001));
  return `checked ${n(s.total_rows)} rows in ${s.seconds.toFixed(1)} s (${n(rate)} rows/s), peak memory ${s.peak_memory_mb === undefined ? '?' : n(s.peak_memory_mb)} MB`;
}

/** A doctor progress line ("[data] split: 2,000,000 rows, this takes a while ...") without its tag; undefined for other lines. */
export function dataStepText(line: string): string | undefined {
  return line.startsWith('[data] ') ? line.slice(7) : undefined;
}
