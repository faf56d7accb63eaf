/**
 * Launch overhead of the Modal backend against the fake control plane: from launch() to a
 * running handle (request validation, bundle, client creation, app/volume/secret lookups,
 * cached image lookups, SandboxCreate + scheduling poll, stdin upload). The image build is
 * excluded: one warm-up launch builds the image, every measured launch hits the cache.
 * Bundled by launchOverhead.bench.mjs with esbuild; not a vitest file.
 */
import { backendFor, makeJob, recorder, REQUIREMENTS } from '../contract/modalHarness';
import { startFakeModal } from '../contract/fakeModal/server';

export async function run(opts: { protoPath: string; iterations: number }): Promise<void> {
  const fake = await startFakeModal({ protoPath: opts.protoPath, scheduleDelayMs: 0, imageBuildMs: 200, secrets: { hf: { HF_TOKEN: 'x' } } });
  const backend = backendFor(fake);
  const request = (i: number) => ({
    runId: `bench-${i}`,
    job: makeJob({}, { hf_secret: 'hf' }),
    templateFiles: { 'finetune.py': 'print("ok")\n' },
    requirementsTxt: REQUIREMENTS,
    datasetFile: undefined,
  });
  try {
    await (await backend.launch(request(-1), recorder())).wait(); // warm-up: builds and caches the image
    const times: number[] = [];
    for (let i = 0; i < opts.iterations; i++) {
      const t0 = performance.now();
      const handle = await backend.launch(request(i), recorder());
      times.push(performance.now() - t0);
      if (process.env.BENCH_VERBOSE) console.log(`  launch ${i}: ${times.at(-1)!.toFixed(1)} ms`);
      await handle.wait();
    }
    times.sort((a, b) => a - b);
    const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
    const median = times.length % 2 ? times[(times.length - 1) / 2]! : (times[times.length / 2 - 1]! + times[times.length / 2]!) / 2;
    console.log(`launch overhead over ${times.length} launches (fake control plane, cached image):`);
    console.log(`  median ${median.toFixed(1)} ms   min ${times[0]!.toFixed(1)} ms   p90 ${pct(0.9).toFixed(1)} ms   max ${times.at(-1)!.toFixed(1)} ms`);
    console.log(`  RPCs per launch: ${summarize(fake.calls.map((c) => c.method), opts.iterations + 1)}`);
  } finally {
    await fake.stop();
  }
}

function summarize(methods: string[], launches: number): string {
  const counts = new Map<string, number>();
  for (const m of methods) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts].map(([m, n]) => `${m} ${(n / launches).toFixed(1)}`).join(', ');
}
