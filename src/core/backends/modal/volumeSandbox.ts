/**
 * Reading files of the Modal volume. The JS SDK (0.11.1) has no volume file API, so a small CPU
 * sandbox (the plain base image, no GPU) mounts the volume, runs a constant Python program with
 * the paths as arguments, and we read what it prints, line by line.
 */
import type { ModalClient, Sandbox } from 'modal';
import { LineSplitter } from '../../events/lineSplitter';
import { LaunchCancelledError } from '../jobBackend';
import { BASE_IMAGE } from './imageSpec';
import type { ModalConnection } from './modalClient';
import { createModalClient } from './modalClient';
import { toModalError } from './modalErrors';
import { VOLUME_MOUNT } from './sandboxSpec';

export interface VolumeProgramOptions {
  /** The Python program (a constant: values arrive as `args`, never as code). */
  program: string;
  args: string[];
  /** What we were doing, for the error message ("reading the run's events from the volume"). */
  what: string;
  timeoutMs: number;
  onLine(line: string): void;
  signal?: AbortSignal;
  /** Resources of the sandbox (Modal's default, 0.125 cores and 128 MiB, when absent). */
  cpu?: number;
  memoryMiB?: number;
  /** Runs beside the stdout reader once the sandbox exists (e.g. to write its stdin); a rejection stops the sandbox. */
  withSandbox?(sandbox: Sandbox): Promise<void>;
}

/** Runs the program with the volume at /vol; resolves with its exit code once stdout has ended. */
export async function runOnVolume(conn: ModalConnection, o: VolumeProgramOptions): Promise<number> {
  const client: ModalClient = await createModalClient(conn);
  let sandbox: Sandbox | undefined;
  let stopping: Promise<void> | undefined;
  // One SandboxTerminate however many ways we learn to stop; awaited before a failure is reported.
  const terminate = async (): Promise<void> => {
    if (sandbox) await (stopping ??= sandbox.terminate().catch(() => undefined));
  };
  const stop = () => void terminate();
  o.signal?.addEventListener('abort', stop, { once: true });
  try {
    // Two independent lookups: one round trip to Modal instead of two before every volume read or upload.
    const [app, volume] = await Promise.all([
      client.apps.fromName(conn.appName, { createIfMissing: true }),
      client.volumes.fromName(conn.volumeName, { createIfMissing: true }),
    ]);
    const image = await client.images.fromRegistry(BASE_IMAGE).build(app);
    sandbox = await client.sandboxes.create(app, image, {
      command: ['python', '-c', o.program, ...o.args],
      volumes: { [VOLUME_MOUNT]: volume },
      timeoutMs: o.timeoutMs,
      ...(o.cpu ? { cpu: o.cpu } : {}),
      ...(o.memoryMiB ? { memoryMiB: o.memoryMiB } : {}),
    });
    if (o.signal?.aborted) stop();
    const started = sandbox;
    const beside = o.withSandbox?.(started).catch((err: unknown) => {
      stop();
      throw err;
    });
    const splitter = new LineSplitter();
    const reader = (started.stdout as unknown as ReadableStream<string>).getReader();
    const readAll = async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read()) splitter.push(r.value).forEach((l) => o.onLine(l));
      splitter.flush().forEach((l) => o.onLine(l));
    };
    await Promise.all([readAll(), beside]);
    return await started.wait();
  } catch (err) {
    await terminate();
    if (err instanceof LaunchCancelledError) throw err;
    throw toModalError(err, o.what);
  } finally {
    o.signal?.removeEventListener('abort', stop);
    client.close();
  }
}
