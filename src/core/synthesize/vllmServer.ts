/**
 * The modal generator's server: vLLM (pinned) serving an open instruct model in a Modal GPU sandbox,
 * reached through an encrypted tunnel (TLS, Modal's `encryptedPorts`) and guarded by a one-time
 * token (vLLM's VLLM_API_KEY, sent as Modal's ephemeral secret, never on the command line). It is
 * billed while it runs, so it is stopped three ways: by `stop()` when generation ends, fails or is
 * cancelled; by Modal's idle timeout when nothing reaches it (a window that died); and by its hard
 * timeout, generator.max_minutes, whatever happens.
 */
import { randomBytes } from 'node:crypto';
import type { ModalClient, Sandbox } from 'modal';
import { BASE_IMAGE } from '../backends/modal/imageSpec';
import { createModalClient, type ModalConnection } from '../backends/modal/modalClient';
import { isGoneError, toModalError } from '../backends/modal/modalErrors';
import { VOLUME_MOUNT } from '../backends/modal/sandboxSpec';
import { containerPricePerHour, defaultResources, parseGpu } from '../cost/gpus';
import type { JobSynthGenerator } from '../job/jobSpec';

export const VLLM_VERSION = '0.33.0';
export const VLLM_PORT = 8000;
/** Models download once into the volume (the Hugging Face cache the bake-off and training use). */
export const VLLM_HF_HOME = `${VOLUME_MOUNT}/runs/.hf-cache`;
/** Nothing reached the server for this long: Modal stops it. */
export const VLLM_IDLE_MS = 10 * 60_000;
/**
 * While this process lives it writes a newline to the sandbox's stdin this often (vLLM never reads
 * it): written stdin is activity for Modal's idle timeout, so a long generation is never "idle",
 * and a window that died stops sending, so its sandbox idles out.
 */
export const HEARTBEAT_MS = 60_000;

type ModalGenerator = Extract<JobSynthGenerator, { type: 'modal' }>;

export interface VllmServer {
  sandboxId: string;
  /** The OpenAI-compatible base URL, https://…/v1. */
  endpoint: string;
  /** The bearer token the server accepts (give it to the client through the environment only). */
  token: string;
  pricePerHour: number;
  /** Resolves when the sandbox ended by itself (crashed, idle, timed out): its exit code. */
  exited: Promise<number>;
  stop(): Promise<void>;
}

export interface StartVllmOptions {
  signal?: AbortSignal;
  onPhase?(message: string): void;
  /** The sandbox id the moment Modal gave it (so a crashed window can still stop it). */
  onSandbox?(sandboxId: string): void;
}

export class VllmStartCancelledError extends Error {
  constructor() {
    super('Cancelled while the generator\'s server was starting; its sandbox was stopped.');
    this.name = 'VllmStartCancelledError';
  }
}

export function vllmImageCommands(): string[] {
  return [`RUN python -m pip install --no-cache-dir vllm==${VLLM_VERSION}`];
}

/** The sandbox's program: an argument array (no shell), the token in the environment. */
export function vllmCommand(g: ModalGenerator): string[] {
  return ['vllm', 'serve', g.model, '--host', '0.0.0.0', '--port', String(VLLM_PORT), '--served-model-name', g.model,
    '--max-num-seqs', String(Math.max(g.concurrency, 16)), '--disable-log-requests'];
}

export async function startVllmServer(conn: ModalConnection, g: ModalGenerator, o: StartVllmOptions = {}): Promise<VllmServer> {
  const parsed = parseGpu(g.gpu);
  if (!parsed.ok) throw new Error(`dataset.synthesize.generator.gpu "${g.gpu}" is not a Modal GPU type.`);
  const res = defaultResources(parsed.value.gpu, 1);
  const token = randomBytes(24).toString('base64url');
  let sandboxId: string | undefined;
  const client: ModalClient = await createModalClient(conn, { onSandboxCreated: (id) => { sandboxId ??= id; o.onSandbox?.(id); } });
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    if (o.signal?.aborted) throw new VllmStartCancelledError();
    try {
      return await run();
    } catch (err) {
      throw toModalError(err, what);
    }
  };
  let sandbox: Sandbox | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const stop = async (): Promise<void> => {
    clearInterval(heartbeat);
    const id = sandbox?.sandboxId ?? sandboxId;
    try {
      if (id) await (sandbox ?? (await client.sandboxes.fromId(id))).terminate();
    } catch (err) {
      if (!isGoneError(err)) throw toModalError(err, `stopping the generator's sandbox ${id}`);
    } finally {
      client.close();
    }
  };
  try {
    const app = await step(`looking up the app "${conn.appName}"`, () => client.apps.fromName(conn.appName, { createIfMissing: true }));
    const volume = await step(`looking up the volume "${conn.volumeName}"`, () => client.volumes.fromName(conn.volumeName, { createIfMissing: true }));
    o.onPhase?.(`building the vLLM ${VLLM_VERSION} image`);
    const image = await step('building the vLLM image', () => client.images.fromRegistry(BASE_IMAGE).dockerfileCommands(vllmImageCommands()).build(app));
    o.onPhase?.(`starting a ${parsed.value.gpu.type} for ${g.model}`);
    sandbox = await step('starting the generator\'s sandbox', () => client.sandboxes.create(app, image, {
      gpu: parsed.value.gpu.type,
      encryptedPorts: [VLLM_PORT],
      timeoutMs: g.max_minutes * 60_000,
      idleTimeoutMs: VLLM_IDLE_MS,
      cpu: res.cpu,
      memoryMiB: res.memoryGb * 1024,
      command: vllmCommand(g),
      volumes: { [VOLUME_MOUNT]: volume },
      env: { VLLM_API_KEY: token, HF_HOME: VLLM_HF_HOME, PYTHONUNBUFFERED: '1' },
    }));
    const created = sandbox;
    const stdin = (created.stdin as unknown as WritableStream<Uint8Array>).getWriter();
    heartbeat = setInterval(() => { stdin.write(new TextEncoder().encode('\n')).catch(() => undefined); }, HEARTBEAT_MS);
    heartbeat.unref();
    const tunnels = await step('opening the tunnel to the generator', () => created.tunnels());
    const tunnel = tunnels[VLLM_PORT];
    if (!tunnel) throw new Error(`Modal opened no tunnel to port ${VLLM_PORT} of sandbox ${created.sandboxId}.`);
    if (o.signal?.aborted) throw new VllmStartCancelledError();
    return {
      sandboxId: created.sandboxId, endpoint: `${tunnel.url}/v1`, token,
      pricePerHour: containerPricePerHour(parsed.value.gpu, 1, res),
      exited: created.wait(), stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
