/**
 * The one typed protocol between the extension host and the panel webview (GitLens / Continue
 * style): every message both ways has a zod schema here, and each side validates what it
 * receives with parseHostMessage / parseWebviewMessage before using it. No `vscode`, no DOM.
 *
 * Lifecycle: the webview posts `ready` when it has loaded (also after being hidden and shown
 * again: retainContextWhenHidden is off). The host answers with a full snapshot
 * (`wizard.snapshot`, `run.snapshot`, `compare.snapshot` or `sweep.snapshot`), never only deltas; while the
 * panel stays visible it then sends `run.delta` with the points appended since the last message.
 */
import * as z from 'zod';
import {
  catalogSchema, columnIssueSchema, compareRunSchema, dataCheckSchema, datasetPreviewSchema, estimateSchema,
  previewDiagnosticSchema, runSeriesSchema, runStatusSchema, seriesSchema, wizardDraftSchema,
} from './models';
import { reviewPickSchema, reviewSampleSchema } from './reviewModels';
import { sweepStatusSchema, sweepTrialSchema } from './sweepModels';
import { MAX_TRY_K, modelStatusSchema, TRY_STATES, tryInfoSchema, tryRunResultSchema } from './tryModels';

const msg = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ type: z.literal(type), ...shape });

export const VIEW_KINDS = ['wizard', 'dashboard', 'compare', 'sweep', 'review'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

export const RUN_ACTIONS = ['cancel', 'rerun', 'revealModel', 'copyPushCommand', 'openLogs', 'revealConfig', 'copyCode', 'downloadModel', 'exportOnnx'] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

/** Raw (undecimated) chart data, for tests: chart id -> datasets of [x, y] points. */
export const chartDataSchema = z.record(z.string(), z.object({
  datasets: z.array(z.object({ label: z.string(), points: z.array(z.tuple([z.number(), z.number().nullable()])) })),
}));
export type ChartData = z.infer<typeof chartDataSchema>;

// ---- host -> webview ------------------------------------------------------------------------
export const hostMessageSchema = z.discriminatedUnion('type', [
  msg('wizard.snapshot', {
    catalog: catalogSchema, workspaceFolder: z.string().nullable(), draft: wizardDraftSchema.nullable(),
    /** Defaults that follow the user (the backend of the last run, else local without a Modal token). */
    defaults: z.object({ backend: z.enum(['modal', 'local']), why: z.string() }).optional(),
  }),
  msg('wizard.preview', {
    configText: z.string(), fileName: z.string(), targetPath: z.string().nullable(),
    diagnostics: z.array(previewDiagnosticSchema), columnIssues: z.array(columnIssueSchema), estimate: estimateSchema.nullable(),
  }),
  msg('wizard.dataset', { preview: datasetPreviewSchema }),
  msg('wizard.folder', { folder: z.string() }),
  msg('wizard.result', { ok: z.boolean(), message: z.string(), path: z.string().nullable() }),
  msg('wizard.dataCheck', { check: dataCheckSchema }),
  /** "Compare on my data" picked a model ("Use this model"): the draft's base model becomes it. */
  msg('wizard.useModel', { model: z.string().min(1).max(1000) }),
  msg('run.snapshot', { status: runStatusSchema, series: runSeriesSchema }),
  msg('run.delta', { status: runStatusSchema, append: runSeriesSchema }),
  msg('compare.snapshot', { runs: z.array(compareRunSchema), diffKeys: z.array(z.string()), metricKeys: z.array(z.string()) }),
  /** A sweep's full picture; `focusTrial` asks the view to show that trial's detail (a tree click). */
  msg('sweep.snapshot', { status: sweepStatusSchema, trials: z.array(sweepTrialSchema), focusTrial: z.number().int().min(0).nullable() }),
  /** The dashboard's "Use it" box: where the model is, the code to load it, the last ONNX export. */
  msg('model.status', { status: modelStatusSchema }),
  /** Try it: the warm session's state (loading shows the tool's own progress line) and, once loaded, its held-out picks. */
  msg('try.status', { state: z.enum(TRY_STATES), message: z.string().nullable(), info: tryInfoSchema.nullable() }),
  /** One query's answer: one entry per run (the dashboard has one run, the compare view several). */
  msg('try.result', { query: z.string(), text2: z.string().nullable(), runs: z.array(tryRunResultSchema) }),
  /** Synthesized pairs to review: a sample of kept and dropped queries beside their chunks; `recommendEval`: no real test questions yet. */
  msg('review.snapshot', { sample: reviewSampleSchema, config: z.string(), recommendEval: z.boolean(), message: z.string().nullable() }),
  msg('test.enable', {}),
  msg('test.getChartData', {}),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

// ---- webview -> host ------------------------------------------------------------------------
export const webviewMessageSchema = z.discriminatedUnion('type', [
  msg('ready', { view: z.enum(VIEW_KINDS).nullable() }),
  msg('wizard.update', { draft: wizardDraftSchema }),
  msg('wizard.pickDataset', {}),
  msg('wizard.pickFolder', {}),
  /** "I have documents, no questions": write a config whose dataset.synthesize makes the pairs. */
  msg('wizard.fromDocuments', {}),
  msg('wizard.create', { draft: wizardDraftSchema, launch: z.boolean() }),
  msg('wizard.checkData', { draft: wizardDraftSchema }),
  /** The base-model step's "Compare on my data": a zero-shot bake-off on the draft's own test split. */
  msg('wizard.compareModels', { draft: wizardDraftSchema }),
  msg('run.action', { runId: z.string().min(1), action: z.enum(RUN_ACTIONS) }),
  msg('compare.openRun', { runId: z.string().min(1) }),
  /** Load the panel's models now (the query box got focus), so the first query does not wait. */
  msg('try.start', {}),
  msg('try.query', { query: z.string().min(1).max(10_000), text2: z.string().max(10_000).nullable(), k: z.number().int().min(1).max(MAX_TRY_K) }),
  msg('sweep.openTrial', { sweepId: z.string().min(1), trial: z.number().int().min(0) }),
  msg('sweep.copy', { text: z.string().max(100_000) }),
  /** Drop these kept queries from the training file (nothing else is edited). */
  msg('review.drop', { picks: z.array(reviewPickSchema).min(1).max(500) }),
  msg('test.chartData', { charts: chartDataSchema }),
  msg('webview.error', { message: z.string() }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

export type HostMessageOf<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;
export type WebviewMessageOf<T extends WebviewMessage['type']> = Extract<WebviewMessage, { type: T }>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, value: unknown): ParseResult<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, message: r.data };
  const issues = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const type = typeof value === 'object' && value !== null && 'type' in value ? String((value as { type: unknown }).type) : '?';
  return { ok: false, error: `invalid message ${type}: ${issues.join('; ')}` };
}

/** Validates a message from the host; the webview uses nothing it did not pass. */
export function parseHostMessage(value: unknown): ParseResult<HostMessage> {
  return parseWith(hostMessageSchema, value);
}

/** Validates a message from the webview; the host uses nothing it did not pass. */
export function parseWebviewMessage(value: unknown): ParseResult<WebviewMessage> {
  return parseWith(webviewMessageSchema, value);
}

export { seriesSchema };
