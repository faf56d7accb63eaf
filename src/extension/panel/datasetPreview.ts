/** First rows of a local dataset file and the role type checks. Pure Node (no `vscode`). */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { getLoss } from '../../core/catalog/losses';
import { guessColumns } from '../../core/catalog/columnGuess';
import { getTask, TASKS } from '../../core/catalog/tasks';
import { datasetFormat } from '../../core/config/checks/datasetChecks';
import type { ColumnIssue, DatasetPreview, WizardDraft } from '../../protocol/models';

const HEAD_BYTES = 64 * 1024;
const PREVIEW_ROWS = 8;

/** Splits CSV text into records (RFC 4180 quotes, embedded newlines). The last record may be partial. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const cellText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Files up to this size are read whole, so the row count is exact (the same count training splits). */
const COUNT_WHOLE_BYTES = 32 * 1024 * 1024;

function readHead(path: string): { text: string; size: number; complete: boolean } {
  const size = statSync(path).size;
  const buf = Buffer.alloc(Math.min(size, size <= COUNT_WHOLE_BYTES ? size : HEAD_BYTES));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  return { text: buf.toString('utf8'), size, complete: buf.length === size };
}

/** Reads a csv/jsonl file (whole when small, else its head); parquet (binary) is accepted without a preview. */
export function previewDataset(path: string, configDir: string): DatasetPreview {
  const format = datasetFormat(path) ?? null;
  const base = { path, relPath: relative(configDir, path) || basename(path), format, bytes: statSync(path).size, columns: [] as string[], rows: [] as string[][], approxRows: null as number | null };
  if (format === 'parquet' || format === null) {
    return { ...base, previewAvailable: false, note: format ? 'Preview is not available for parquet files; type the column names for each role.' : 'Unknown format: use .csv, .jsonl or .parquet.' };
  }
  const { text, size, complete } = readHead(path);
  const lines = complete ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  let columns: string[] = [];
  let rows: string[][] = [];
  let count = 0;
  if (format === 'csv') {
    const all = parseCsv(lines).filter((r) => r.some((c) => c !== ''));
    columns = all[0] ?? [];
    count = Math.max(0, all.length - 1);
    rows = all.slice(1, PREVIEW_ROWS + 1);
  } else {
    const records = lines.split('\n').filter((l) => l.trim()).map((l) => { try { return JSON.parse(l) as unknown; } catch { return undefined; } })
      .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r));
    count = records.length;
    columns = [...new Set(records.slice(0, 50).flatMap((r) => Object.keys(r)))];
    rows = records.slice(0, PREVIEW_ROWS).map((r) => columns.map((c) => cellText(r[c])));
  }
  const approxRows = complete ? count : count > 0 ? Math.round((count * size) / Math.max(1, lines.length)) : null;
  const guesses = Object.fromEntries(TASKS.map((t) => [t.id, guessColumns(t.columns, columns, rows)]));
  return {
    ...base, previewAvailable: true, columns, rows, approxRows, rowsExact: complete, guesses,
    note: complete ? `${count.toLocaleString('en-US')} rows in the file.` : `About ${approxRows?.toLocaleString('en-US') ?? '?'} rows (estimated from the first ${Math.round(HEAD_BYTES / 1024)} KB).`,
  };
}

/** Role mapping checks against the preview rows: columns exist, labels are 0/1 for contrastive losses, scores in [0, 1]. */
export function columnIssues(draft: WizardDraft, preview: DatasetPreview | undefined): ColumnIssue[] {
  const task = getTask(draft.task);
  if (!task) return [];
  const issues: ColumnIssue[] = [];
  const family = getLoss(draft.loss)?.family;
  for (const spec of task.columns) {
    const column = draft.columns[spec.role] ?? '';
    if (!column) {
      if (spec.required) issues.push({ role: spec.role, column, message: `Choose the column that holds the ${spec.role}.` });
      continue;
    }
    if (!preview?.previewAvailable) continue;
    const at = preview.columns.indexOf(column);
    if (at < 0) {
      issues.push({ role: spec.role, column, message: `"${column}" is not a column of ${preview.relPath} (columns: ${preview.columns.join(', ')}).` });
      continue;
    }
    const values = preview.rows.map((r) => r[at] ?? '');
    if (spec.kind === 'label' && (family === 'contrastive' || task.id === 'duplicate-classification')) {
      const bad = values.find((v) => v.trim() !== '0' && v.trim() !== '1');
      if (bad !== undefined) issues.push({ role: spec.role, column, message: `A label must be 0 or 1 for ${draft.loss}; found "${bad}".` });
    } else if (spec.kind === 'score') {
      const bad = values.find((v) => { const x = Number(v); return v.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1; });
      if (bad !== undefined) issues.push({ role: spec.role, column, message: `A score must be a number in [0, 1]; found "${bad}". Normalise scores (e.g. divide 0-5 ratings by 5).` });
    } else if (spec.kind === 'text' && values.some((v) => v.trim() === '')) {
      issues.push({ role: spec.role, column, message: `Some rows have an empty ${spec.role}; they will be dropped.` });
    }
  }
  return issues;
}
