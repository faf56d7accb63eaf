/**
 * One synthesize step, whatever its generator: ict runs at once; an LLM generator is planned first
 * (chunks, calls, tokens, cost: `confirm` sees them before anything is spent); the modal generator
 * then starts its vLLM server on a Modal GPU, runs the step against it, and stops it however the
 * step ends (done, failed, cancelled). The server's token goes to synthesize.py through the
 * environment only.
 */
import type { ModalConnection } from '../backends/modal/modalClient';
import type { JobSpec, JobSynthGenerator } from '../job/jobSpec';
import { PythonToolError } from '../pyenv/runPythonTool';
import { planSynthesize, runSynthesize, type RunSynthesizeOptions, type SynthResult } from './runSynthesize';
import { synthCost, type SynthCost, type SynthPlan } from './synthCost';
import { startVllmServer, type VllmServer } from './vllmServer';

export interface SynthesizeStepOptions extends RunSynthesizeOptions {
  /** Where the modal generator's server runs (app, volume, credentials). */
  modal?: ModalConnection;
  /** Sees the plan and its cost before any call or GPU; false stops there. */
  confirm?(cost: SynthCost, plan: SynthPlan): boolean | Promise<boolean>;
  /** The generator sandbox's id, the moment Modal gave it. */
  onSandbox?(sandboxId: string): void;
}

export type SynthesizeStepResult = { status: 'done'; result: SynthResult; cost: SynthCost | null } | { status: 'declined'; cost: SynthCost };

type ModalGenerator = Extract<JobSynthGenerator, { type: 'modal' }>;

const say = (o: SynthesizeStepOptions, message: string): void => o.onLine?.(`[fte] ${message}`);

export async function synthesizeStep(job: JobSpec, o: SynthesizeStepOptions): Promise<SynthesizeStepResult> {
  const s = job.dataset.synthesize;
  if (!s || s.generator.type === 'ict') return { status: 'done', result: await runSynthesize(job, o), cost: null };
  const plan = await planSynthesize(job, o);
  const cost = synthCost(plan, s.generator);
  say(o, `plan: ${cost.text}`);
  if (o.confirm && plan.calls > 0 && !(await o.confirm(cost, plan))) return { status: 'declined', cost };
  const g = s.generator;
  if (g.type !== 'modal' || plan.calls === 0) return { status: 'done', result: await runSynthesize(job, o), cost };
  if (!o.modal) throw new PythonToolError('The modal generator needs a Modal connection (app, volume, token).', []);
  const server = await startVllmServer(o.modal, g, { signal: o.signal, onPhase: (m) => say(o, m), onSandbox: o.onSandbox });
  try {
    return { status: 'done', result: await againstServer(job, g, server, o), cost };
  } finally {
    say(o, 'stopping the generator\'s sandbox');
    await server.stop();
  }
}

/** The step against a started server; a server that dies first stops the step with its exit code. */
async function againstServer(job: JobSpec, g: ModalGenerator, server: VllmServer, o: SynthesizeStepOptions): Promise<SynthResult> {
  const served: JobSpec = { ...job, dataset: { ...job.dataset, synthesize: { ...job.dataset.synthesize!, generator: { ...g, endpoint: server.endpoint } } } };
  const stopStep = new AbortController();
  const onAbort = (): void => stopStep.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let died: number | undefined;
  void server.exited.then((code) => {
    died = code;
    stopStep.abort();
  }, () => undefined);
  try {
    return await runSynthesize(served, { ...o, signal: stopStep.signal, env: { ...(o.env ?? process.env), [g.api_key_env]: server.token } });
  } catch (err) {
    if (died !== undefined && !o.signal?.aborted) {
      throw new PythonToolError(`The generator's sandbox ${server.sandboxId} ended (exit code ${died}) before generation finished: the model may not fit the GPU or failed to load. See its log on modal.com.`, []);
    }
    throw err;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}
