import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import { BOOTSTRAP_PY, DATASET_MAX_BYTES, STDIN_CHUNK_BYTES, STDIN_WRITE_MAX_BYTES } from '../../src/core/backends/modal/bundle';
import { LaunchInputError } from '../../src/core/backends/modal/modalErrors';
import { readRequirements, readTemplateFiles } from '../../src/core/runs/templateFiles';
import { backendFor, expectedLines, makeJob, recorder, REQUIREMENTS, script } from './modalHarness';
import { startFakeModal, type FakeModal } from './fakeModal/server';

let fake: FakeModal;
beforeAll(async () => {
  fake = await startFakeModal({ secrets: { 'hf-token': { HF_TOKEN: 'hf-test-token' } }, logChunkChars: 5 });
});
afterAll(async () => fake?.stop());

describe('Modal backend against the fake control plane', () => {
  test('happy path: build logs, GPU/timeout/volume/secrets, ordered stdout, completed', async () => {
    const rec = recorder();
    const job = makeJob({ gpu: 'A10G', gpu_count: 2, timeout_minutes: 10 }, { hf_secret: 'hf-token' });
    job.dataset = { ...job.dataset, hub: null, path: '/home/me/data/pairs.csv', format: 'csv' };
    const dataset = Buffer.from('sentence1,sentence2,label\na,b,1\n');
    const handle = await backendFor(fake).launch(
      { runId: 'run-001', job, templateFiles: { 'finetune.py': script({ lines: 12, delayS: 0.01 }) }, requirementsTxt: REQUIREMENTS, datasetFile: { name: 'pairs.csv', bytes: dataset } },
      rec,
    );
    expect(handle.ref).toMatch(/^sb-[A-Za-z0-9]{22}$/);
    const exit = await handle.wait();
    expect(exit).toEqual({ outcome: 'completed', exitCode: 0 });

    expect(rec.stdout).toEqual(expectedLines(12, [`dataset data/pairs.csv bytes=${dataset.length}`, 'secret=yes']));
    expect(rec.indices).toEqual(rec.stdout.map((_, i) => i));
    expect(rec.stderr).toEqual(['warn 0', 'warn 5', 'warn 10']);
    expect(handle.cursor()).toEqual({ stdoutLines: rec.stdout.length, stderrLines: 3 });
    expect(rec.phases).toEqual(['preparing', 'building_image', 'starting', 'uploading', 'running']);
    expect(rec.refs).toEqual([handle.ref]); // reported once, as soon as SandboxCreate answered
    expect(rec.build).toContain('Collecting sentence-transformers==6.0.0');
    expect(rec.build.some((l) => l.startsWith('#1 FROM python:3.11-slim'))).toBe(true);

    const create = fake.callsOf('SandboxCreate')[0]!.request as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const def = create.definition;
    expect(def.resources.gpuConfig).toMatchObject({ gpuType: 'A10G', count: 2 });
    // CPU and memory are requested (Modal's default, 0.125 cores and 128 MiB, would starve training).
    expect(def.resources.milliCpu).toBe(4000);
    expect(def.resources.memoryMb).toBe(16 * 1024);
    expect(def.timeoutSecs).toBe(600);
    const volumeId = (fake.callsOf('VolumeGetOrCreate')[0]!.request as { deploymentName: string }).deploymentName;
    expect(volumeId).toBe('ft-vol');
    expect(def.volumeMounts).toHaveLength(1);
    expect(def.volumeMounts[0].mountPath).toBe('/vol');
    expect(def.secretIds).toContain('st-named-hf-token');
    expect(def.secretIds).toHaveLength(2); // the named secret + the ephemeral `env` secret
    expect(def.entrypointArgs).toEqual(['python', '-c', BOOTSTRAP_PY, 'finetune.py', '--job', 'job.json', '--run-dir', '/vol/runs/run-001', '--run-id', 'run-001']);
    expect(JSON.stringify(def.entrypointArgs)).not.toContain('UNIQUE-CONFIG-VALUE');
    const envSecret = fake.callsOf('SecretGetOrCreate').find((c) => c.request.objectCreationType === 5)!;
    expect(envSecret.request.envDict).toEqual({ FINETUNE_RUN_ID: 'run-001', FINETUNE_RUN_DIR: '/vol/runs/run-001', PYTHONUNBUFFERED: '1' });

    const images = fake.callsOf('ImageGetOrCreate').map((c) => (c.request as any).image.dockerfileCommands as string[]); // eslint-disable-line @typescript-eslint/no-explicit-any
    const run = images.flat().find((c) => c.startsWith('RUN '))!;
    expect(run).toContain(Buffer.from(REQUIREMENTS).toString('base64'));
    expect(fake.callsOf('ImageJoinStreaming').length).toBeGreaterThan(0);
    expect(fake.calls.filter((c) => c.code === 12)).toEqual([]); // nothing unimplemented was called

    const started = path.join(fake.volumeDir('ft-vol'), 'runs', 'run-001', 'started.txt');
    expect(fs.readFileSync(started, 'utf8')).toBe(job.name);
  });

  test('same requirements: the image comes from the cache, no build runs', async () => {
    const joinsBefore = fake.callsOf('ImageJoinStreaming').length;
    const rec = recorder();
    const handle = await backendFor(fake).launch(
      { runId: 'run-002', job: makeJob(), templateFiles: { 'finetune.py': script({ lines: 2, delayS: 0 }) }, requirementsTxt: REQUIREMENTS.replace(/\n/g, '\r\n') },
      rec,
    );
    expect(await handle.wait()).toEqual({ outcome: 'completed', exitCode: 0 });
    expect(fake.callsOf('ImageJoinStreaming').length).toBe(joinsBefore);
    expect(rec.build).toEqual([]);
  });

  test('nonzero exit: failed with the exit code, stderr delivered', async () => {
    const rec = recorder();
    const handle = await backendFor(fake).launch(
      { runId: 'run-003', job: makeJob(), templateFiles: { 'finetune.py': script({ lines: 3, delayS: 0, exitCode: 3 }) }, requirementsTxt: REQUIREMENTS },
      rec,
    );
    const exit = await handle.wait();
    expect(exit.outcome).toBe('failed');
    expect(exit.exitCode).toBe(3);
    expect(rec.stdout).toEqual(expectedLines(3));
    expect(rec.stderr).toEqual(['warn 0']);
  });

  test('the real gpu-templates reach the container through the stdin bundle and start', async () => {
    const rec = recorder();
    const dir = path.resolve(__dirname, '..', '..', 'gpu-templates');
    const handle = await backendFor(fake).launch(
      { runId: 'run-real', job: makeJob(), templateFiles: readTemplateFiles(dir), requirementsTxt: readRequirements(dir), entrypoint: { script: 'finetune.py', args: ['--help'] } },
      rec,
    );
    expect(await handle.wait()).toEqual({ outcome: 'completed', exitCode: 0 });
    expect(rec.stdout.join('\n')).toContain('--run-dir');
  });

  test('a 3 MB dataset travels in stdin writes of at most 512 KiB (Modal caps one write at 2 MiB)', async () => {
    const job = makeJob();
    job.dataset = { ...job.dataset, hub: null, path: '/data/noise.bin', format: 'csv' };
    const bytes = randomBytes(3 * 1024 * 1024); // incompressible: the gzip'd bundle stays ~3 MB
    const handle = await backendFor(fake).launch(
      { runId: 'run-big', job, templateFiles: { 'finetune.py': 'import os, json\nprint(os.path.getsize(json.load(open("job.json"))["dataset"]["path"]))' }, requirementsTxt: REQUIREMENTS, datasetFile: { name: 'noise.bin', bytes } },
      recorder(),
    );
    expect(await handle.wait()).toEqual({ outcome: 'completed', exitCode: 0 });
    const writes = fake.callsOf('SandboxStdinWrite').filter((c) => c.request.sandboxId === handle.ref);
    const sizes = writes.map((c) => (c.request.input as Uint8Array | undefined)?.length ?? 0);
    expect(sizes.length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...sizes)).toBe(STDIN_CHUNK_BYTES);
    expect(STDIN_CHUNK_BYTES).toBeLessThanOrEqual(STDIN_WRITE_MAX_BYTES);
    expect(writes.at(-1)!.request.eof).toBe(true);
  });

  test('a dataset over the limit given only as bytes is refused before any call, naming the limit and the fix (its path goes to the volume)', async () => {
    const before = fake.calls.length;
    const job = makeJob();
    job.dataset = { ...job.dataset, hub: null, path: '/data/big.csv', format: 'csv' };
    const err = await backendFor(fake)
      .launch({ runId: 'run-004', job, templateFiles: { 'finetune.py': 'pass' }, requirementsTxt: REQUIREMENTS, datasetFile: { name: 'big.csv', bytes: new Uint8Array(DATASET_MAX_BYTES + 1) } }, recorder())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LaunchInputError);
    expect((err as Error).message).toContain('50 MiB'); // DATASET_MAX_BYTES is 50 × 2^20 bytes
    expect((err as Error).message).toContain('pass its path so it can be uploaded to the volume');
    expect(fake.calls.length).toBe(before);
  });
});
