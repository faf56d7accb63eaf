/**
 * The Modal backend: one GPU sandbox per run, built from a cached image, with the job's files
 * delivered over stdin (see bundle.ts). Flow of launch():
 *   app (create if missing) -> volume (create if missing) -> named secret (output.hf_secret)
 *   -> image = BASE_IMAGE + pinned requirements (build logs -> onBuildLog)
 *   -> a local dataset over the bundle's limit: uploaded to the volume (datasetOnVolume.ts)
 *   -> sandbox {gpu, timeoutMs, command (argument array), volume at /vol, secrets, env}
 *   -> bundle to stdin -> follow stdout/stderr.
 */
import type { ModalClient, Sandbox } from 'modal';
import { DEFAULT_PROGRAM, programArgs } from '../program';
import { readVolumeEvents } from './volumeEvents';
import { LaunchCancelledError, LaunchLeftRunningError, type JobBackend, type LaunchRequest, type ReattachResult, type ResumeCursor, type RunCallbacks, type RunHandle } from '../jobBackend';
import { buildBundle, containerCommand, JOB_FILE, STDIN_CHUNK_BYTES } from './bundle';
import { ensureDatasetOnVolume, needsVolumeUpload } from './datasetOnVolume';
import { BASE_IMAGE, requirementsDockerfileCommands } from './imageSpec';
import { createModalClient, type ModalConnection } from './modalClient';
import { GrpcCode, grpcCodeOf, isAuthError, isGoneError, toModalError } from './modalErrors';
import { ModalRunHandle, type ModalRunHandleOptions } from './modalRunHandle';
import { checkRunId, DATASET_PATH_ENV, gpuString, resources, runDir, sandboxEnv, timeoutMs, VOLUME_MOUNT } from './sandboxSpec';

export interface ModalBackendOptions extends ModalConnection, ModalRunHandleOptions {}

export function createModalBackend(options: ModalBackendOptions): JobBackend {
  return {
    kind: 'modal',
    launch: (request, callbacks) => launchOnModal(options, request, callbacks),
    reattach: (ref, callbacks, cursor) => reattachOnModal(options, ref, callbacks, cursor),
    recoverEvents: (runId) => readVolumeEvents(options, runId),
  };
}

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toModalError(err, what);
  }
}

async function uploadBundle(sandbox: Sandbox, bundle: Uint8Array): Promise<void> {
  const writer = (sandbox.stdin as unknown as WritableStream<Uint8Array>).getWriter();
  for (let off = 0; off < bundle.byteLength; off += STDIN_CHUNK_BYTES) {
    await writer.write(bundle.subarray(off, off + STDIN_CHUNK_BYTES));
  }
  await writer.close();
}

export async function launchOnModal(options: ModalBackendOptions, req: LaunchRequest, cb: RunCallbacks): Promise<RunHandle> {
  cb.onPhase?.('preparing');
  // Everything that can be refused locally is checked before any network call.
  checkRunId(req.runId);
  const gpu = req.cpuOnly ? undefined : gpuString(req.job);
  const timeout = timeoutMs(req.job, req.timeoutMinutes);
  const { cpu, memoryMiB } = resources(req.job, req.cpuOnly === true);
  const dockerfileCommands = requirementsDockerfileCommands(req.requirementsTxt);
  const program = req.program ?? DEFAULT_PROGRAM;
  const entry = req.entrypoint ?? programArgs(program, req.runId, JOB_FILE, runDir(program.runDirId ?? req.runId));
  const upload = needsVolumeUpload(req.datasetFile) ? req.datasetFile : undefined;
  let bundle = upload ? undefined : buildBundle(req, entry);
  const command = containerCommand(entry);

  const stopIfCancelled = () => {
    if (req.cancelRequested?.()) throw new LaunchCancelledError();
  };
  stopIfCancelled();
  let createdId: string | undefined;
  const client: ModalClient = await createModalClient(options, {
    ...(cb.onBuildLog ? { onBuildLine: (l: string) => cb.onBuildLog?.(l) } : {}),
    // Recorded before the SDK waits for a GPU and before the upload: a launcher that dies in
    // either wait leaves a record with the id, so cancel can stop the sandbox.
    onSandboxCreated: (id) => {
      createdId ??= id;
      cb.onRef?.(id);
    },
  });
  try {
    const app = await step(`looking up the app "${options.appName}"`, () => client.apps.fromName(options.appName, { createIfMissing: true }));
    const volume = await step(`looking up the volume "${options.volumeName}"`, () =>
      client.volumes.fromName(options.volumeName, { createIfMissing: true }),
    );
    let datasetEnv: Record<string, string> = {};
    if (upload) {
      // Before any GPU is asked for: the upload's time is CPU-sandbox time only.
      cb.onPhase?.('uploading');
      const onVolume = await ensureDatasetOnVolume(options, upload, {
        ...(cb.onProgress ? { onProgress: (m: string, fraction?: number) => cb.onProgress?.(m, fraction) } : {}),
        ...(req.cancelRequested ? { cancelRequested: req.cancelRequested } : {}),
      });
      bundle = buildBundle(req, entry, onVolume);
      datasetEnv = { [DATASET_PATH_ENV]: onVolume };
    }
    const secretName = req.job.output.hf_secret;
    const secrets = secretName ? [await step(`looking up the secret "${secretName}"`, () => client.secrets.fromName(secretName))] : [];
    stopIfCancelled();
    cb.onPhase?.('building_image');
    const image = await step('building the image', () => client.images.fromRegistry(BASE_IMAGE).dockerfileCommands(dockerfileCommands).build(app));
    // The image build can take minutes: a cancel asked for meanwhile stops here, before any GPU.
    stopIfCancelled();
    cb.onPhase?.('starting');
    const created = await step('starting the sandbox', () =>
      client.sandboxes.create(app, image, {
        ...(gpu ? { gpu } : {}),
        ...(req.ports?.length ? { unencryptedPorts: req.ports } : {}),
        timeoutMs: timeout,
        cpu,
        memoryMiB,
        command,
        volumes: { [VOLUME_MOUNT]: volume },
        secrets,
        env: { ...req.secretEnv, ...sandboxEnv(req.runId), ...datasetEnv },
      }),
    );
    stopIfCancelled(); // asked for while the sandbox was being created: it is stopped below
    cb.onPhase?.('uploading');
    const files = bundle!;
    await step('sending the job files', () => uploadBundle(created, files));
    cb.onPhase?.('running');
    return new ModalRunHandle(client, created, cb, { stdoutLines: 0, stderrLines: 0 }, options);
  } catch (err) {
    const failure = err instanceof LaunchCancelledError ? err : toModalError(err, 'launching the run');
    const stopped = createdId ? await terminateWithRetries(client, createdId) : true;
    client.close();
    if (!stopped) throw new LaunchLeftRunningError(failure.message, createdId!);
    throw failure;
  }
}

/** Stops a sandbox whose launch failed, through a short outage; false when that did not work. */
async function terminateWithRetries(client: ModalClient, sandboxId: string, attempts = 6): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    try {
      await (await client.sandboxes.fromId(sandboxId)).terminate();
      return true;
    } catch (err) {
      if (isGoneError(err)) return true;
      if (isAuthError(err)) return false;
      await new Promise((r) => setTimeout(r, 500 * 2 ** i));
    }
  }
  return false;
}

export async function reattachOnModal(
  options: ModalBackendOptions,
  ref: string,
  cb: RunCallbacks,
  cursor: ResumeCursor = { stdoutLines: 0, stderrLines: 0 },
): Promise<ReattachResult> {
  // Our runs are GPU sandboxes, whose ids are "sb-" + 22 letters/digits; anything else is not ours.
  if (!/^sb-[A-Za-z0-9]{22}$/.test(ref)) return { status: 'lost', reason: `"${ref}" is not a Modal sandbox id.` };
  const client = await createModalClient(options);
  try {
    const sandbox = await client.sandboxes.fromId(ref);
    await sandbox.poll(); // one SandboxWait(timeout 0): proves the sandbox exists
    return { status: 'attached', handle: new ModalRunHandle(client, sandbox, cb, cursor, options) };
  } catch (err) {
    client.close();
    if (isGoneError(err) || grpcCodeOf(err) === GrpcCode.INVALID_ARGUMENT) {
      return { status: 'lost', reason: `Modal no longer knows sandbox ${ref}.` };
    }
    throw toModalError(err, `re-attaching to sandbox ${ref}`); // e.g. ModalAuthError
  }
}
