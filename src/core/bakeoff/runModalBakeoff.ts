/**
 * A bake-off on Modal: one GPU sandbox per candidate, all started at once, each running
 * gpu-templates/bakeoff.py on the run's own test split with that one candidate. Models download
 * into the volume's Hugging Face cache, the one training uses, so a later run does not download
 * them again. Aborting the signal cancels every sandbox (started or still starting).
 */
import type { DatasetFile, JobBackend, RunHandle } from '../backends/jobBackend';
import { JOB_FILE } from '../backends/modal/bundle';
import { VOLUME_MOUNT } from '../backends/modal/sandboxSpec';
import type { JobSpec } from '../job/jobSpec';
import type { BakeoffOutput, Candidate, CandidateRow } from './bakeoffResult';
import { bakeoffOutputSchema } from './bakeoffResult';
import { BAKEOFF_TIMEOUT_MINUTES } from './bakeoffCost';
import { parseBakeoffLine } from './runLocalBakeoff';

/** fte/resume.py's cache_dir for runs at /vol/runs/<id>: the folder beside them. */
export const VOLUME_HF_CACHE = `${VOLUME_MOUNT}/runs/.hf-cache`;

export interface ModalBakeoffOptions {
  backend: JobBackend;
  /** The bake-off's id; sandbox run ids are `<id>-c<i>`. */
  id: string;
  job: JobSpec;
  candidates: readonly Candidate[];
  templateFiles: Record<string, string>;
  requirementsTxt: string;
  datasetFile?: DatasetFile;
  signal?: AbortSignal;
  onProgress?(candidate: Candidate, message: string): void;
  onRow?(row: CandidateRow): void;
  /** A sandbox id, as soon as Modal gave it (so a crashed window can still stop it). */
  onSandbox?(candidate: Candidate, sandboxId: string): void;
}

export class BakeoffCancelledError extends Error {
  constructor() {
    super('The bake-off was cancelled; every sandbox was stopped.');
    this.name = 'BakeoffCancelledError';
  }
}

function lastJson(lines: readonly string[]): unknown {
  for (const line of [...lines].reverse()) {
    if (!line.trimStart().startsWith('{')) continue;
    try {
      return JSON.parse(line);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export async function runModalBakeoff(o: ModalBakeoffOptions): Promise<BakeoffOutput> {
  const handles: RunHandle[] = [];
  let cancelled = false;
  const cancelAll = async (): Promise<void> => {
    cancelled = true;
    await Promise.allSettled(handles.map((h) => h.cancel()));
  };
  const onAbort = (): void => void cancelAll();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const job: JobSpec = { ...o.job, compute: { ...o.job.compute, backend: 'modal', gpu_count: 1, timeout_minutes: Math.min(o.job.compute.timeout_minutes, BAKEOFF_TIMEOUT_MINUTES) } };
  try {
    const outputs = await Promise.all(o.candidates.map(async (candidate, i): Promise<{ out?: BakeoffOutput; row: CandidateRow }> => {
      const stdout: string[] = [];
      const failed = (error: string): { row: CandidateRow } => ({ row: { model: candidate.model, prompts: candidate.prompts ?? null, error, hint: null, backend: 'modal' } });
      let handle: RunHandle;
      try {
        handle = await o.backend.launch({
          runId: `${o.id}-c${i}`, job, datasetFile: o.datasetFile, templateFiles: o.templateFiles, requirementsTxt: o.requirementsTxt,
          entrypoint: { script: 'bakeoff.py', args: ['--job', JOB_FILE, '--candidates', JSON.stringify([candidate]), '--backend', 'modal', '--cache', VOLUME_HF_CACHE] },
        }, {
          onStdoutLine: (line) => {
            stdout.push(line);
            const parsed = parseBakeoffLine(line);
            if (parsed && 'row' in parsed) o.onRow?.(parsed.row);
          },
          onStderrLine: (line) => {
            const parsed = parseBakeoffLine(line);
            if (parsed && 'progress' in parsed) o.onProgress?.(candidate, parsed.progress);
          },
          onPhase: (phase) => o.onProgress?.(candidate, phase.replace('_', ' ')),
          onRef: (ref) => o.onSandbox?.(candidate, ref),
        });
      } catch (err) {
        return failed(`Modal could not start its sandbox: ${(err as Error).message}`);
      }
      handles.push(handle);
      if (cancelled) void handle.cancel(); // started after Cancel: stop it too
      const exit = await handle.wait();
      const parsed = bakeoffOutputSchema.safeParse(lastJson(stdout));
      if (parsed.success && parsed.data.candidates.length === 1) return { out: parsed.data, row: parsed.data.candidates[0]! };
      const printed = lastJson(stdout) as { error?: string } | undefined;
      return failed(printed?.error ?? `The sandbox ended (${exit.outcome}${exit.exitCode !== null ? `, exit code ${exit.exitCode}` : ''}) without a score. ${exit.message ?? ''}`.trim());
    }));
    if (cancelled) throw new BakeoffCancelledError();
    const first = outputs.find((x) => x.out)?.out;
    return {
      metric: first?.metric ?? o.job.evaluator.primary_metric, split: 'test', n: first?.n ?? 0, corpus_size: first?.corpus_size ?? null,
      greater_is_better: first?.greater_is_better ?? o.job.evaluator.greater_is_better, candidates: outputs.map((x) => x.row),
    };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}
