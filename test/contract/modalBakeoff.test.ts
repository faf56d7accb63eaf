/**
 * The Modal bake-off through the fake control plane: the real `modal` client starts one GPU
 * sandbox per candidate, in parallel, each running (a stand-in for) bakeoff.py with one candidate
 * and the volume's Hugging Face cache; Cancel terminates every one of them.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backendFor, makeJob, processGone, REQUIREMENTS } from './modalHarness';
import { startFakeModal, type FakeModal } from './fakeModal/server';
import { BakeoffCancelledError, runModalBakeoff, VOLUME_HF_CACHE } from '../../src/core/bakeoff/runModalBakeoff';
import { bakeoffCost } from '../../src/core/bakeoff/bakeoffCost';
import { rankBakeoff } from '../../src/core/bakeoff/rankBakeoff';

let fake: FakeModal;
beforeAll(async () => {
  fake = await startFakeModal({ imageBuildMs: 50, scheduleDelayMs: 50 });
});
afterAll(async () => fake?.stop());

/**
 * Stand-in for gpu-templates/bakeoff.py with bakeoff.py's output protocol. It marks itself started
 * in the cache folder and finishes only once every candidate's sandbox has started: sequential
 * sandboxes would never finish. A model named "forever/..." never finishes (for Cancel).
 */
const STANDIN = `import json, os, sys, time
args = sys.argv
cand = json.loads(args[args.index("--candidates") + 1])
assert len(cand) == 1, cand
model = cand[0]["model"]
job = json.load(open(args[args.index("--job") + 1]))
cache = args[args.index("--cache") + 1]
assert args[args.index("--backend") + 1] == "modal"
os.makedirs(cache, exist_ok=True)
open(os.path.join(cache, "started-" + model.replace("/", "--")), "w").close()
print("[fte] Preparing the test split and the corpus…", file=sys.stderr, flush=True)
want = int(os.environ.get("FTE_TEST_WANT", "0")) or job["training"]["batch_size"]
deadline = time.time() + 20
while len([f for f in os.listdir(cache) if f.startswith("started-")]) < want or model.startswith("forever/"):
    if time.time() > deadline:
        print(json.dumps({"error": "the other sandboxes never started", "hint": None}), flush=True)
        sys.exit(1)
    time.sleep(0.05)
score = {"small/a": 0.61, "base/b": 0.63, "large/c": 0.64}[model]
params = {"small/a": 23000000, "base/b": 109000000, "large/c": 335000000}[model]
row = {"model": model, "prompts": cand[0].get("prompts") or {}, "metric": "eval_dev_cosine_ap", "score": score,
       "ci95": [score - 0.05, score + 0.05], "n": 120, "dims": 384, "params": params, "texts_per_s": 900.0,
       "backend": "modal", "device": "NVIDIA A10G", "index_bytes": None}
print("@@fte-bakeoff@@ " + json.dumps(row), flush=True)
print(json.dumps({"metric": "eval_dev_cosine_ap", "split": "test", "n": 120, "corpus_size": None,
                  "greater_is_better": True, "candidates": [row]}), flush=True)
`;

const files = { 'bakeoff.py': STANDIN };

describe('Modal bake-off', () => {
  test('one GPU sandbox per candidate, in parallel, the volume cache shared with training; a tie recommends the smallest', async () => {
    const job = makeJob({}, {});
    job.training.batch_size = 3; // the stand-in waits for this many started sandboxes
    const cost = bakeoffCost(job, 3);
    expect(cost.text).toMatch(/^3 Modal sandboxes in parallel, one A10G each at \$\d+\.\d\d\/h: about \$\d+\.\d\d if each takes ~5 min, at most \$\d+\.\d\d \(each stops after 20 min\)\.$/);
    expect(cost.maxUsd).toBeCloseTo(cost.typicalUsd * 4, 6);
    const before = fake.callsOf('SandboxCreate').length;
    const rows: string[] = [];
    const progress: string[] = [];
    const out = await runModalBakeoff({
      backend: backendFor(fake), id: 'bake-1', job, templateFiles: files, requirementsTxt: REQUIREMENTS,
      candidates: [{ model: 'large/c' }, { model: 'small/a', prompts: { query: 'q: ' } }, { model: 'base/b' }],
      onRow: (r) => rows.push(r.model), onProgress: (c, m) => progress.push(`${c.model}: ${m}`),
    });
    const creates = fake.callsOf('SandboxCreate').slice(before);
    expect(creates).toHaveLength(3);
    for (const c of creates) {
      const def = (c.request as { definition: { resources: { gpuConfig: unknown }; timeoutSecs: number } }).definition;
      expect(def.resources.gpuConfig).toMatchObject({ gpuType: 'A10G', count: 1 });
      expect(def.timeoutSecs).toBe(10 * 60); // the job's 10 minutes, under the bake-off's 20
    }
    expect(rows.sort()).toEqual(['base/b', 'large/c', 'small/a']);
    expect(progress).toContain('small/a: Preparing the test split and the corpus…');
    expect(out.candidates.map((c) => c.model)).toEqual(['large/c', 'small/a', 'base/b']); // the order given
    // The cache the models went to is the volume's, beside the run folders, where training looks.
    expect(VOLUME_HF_CACHE).toBe('/vol/runs/.hf-cache');
    const cache = path.join(fake.volumeDir('ft-vol'), 'runs', '.hf-cache');
    expect(readdirSync(cache).filter((f) => f.startsWith('started-')).sort()).toEqual(['started-base--b', 'started-large--c', 'started-small--a']);
    const ranked = rankBakeoff(out);
    expect(ranked.candidates.map((c) => c.model)).toEqual(['large/c', 'base/b', 'small/a']);
    expect(ranked.recommended).toEqual({ model: 'small/a', prompts: { query: 'q: ' } });
    expect(ranked.reason).toMatch(/^Indistinguishable on this test set/);
  });

  test('Cancel terminates every sandbox, and the bake-off ends as cancelled', async () => {
    const before = fake.callsOf('SandboxCreate').length;
    const abort = new AbortController();
    const refs: string[] = [];
    const running = runModalBakeoff({
      backend: backendFor(fake), id: 'bake-2', job: makeJob(), templateFiles: files, requirementsTxt: REQUIREMENTS,
      candidates: [{ model: 'forever/x' }, { model: 'forever/y' }, { model: 'forever/z' }], signal: abort.signal,
      onSandbox: (_c, ref) => refs.push(ref),
    });
    const deadline = Date.now() + 20_000;
    while (refs.filter((r) => fake.sandboxes.get(r)?.pid !== undefined).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fake.callsOf('SandboxCreate').length - before).toBe(3);
    const pids = refs.map((r) => fake.sandboxes.get(r)!.pid);
    abort.abort();
    await expect(running).rejects.toBeInstanceOf(BakeoffCancelledError);
    expect(fake.callsOf('SandboxTerminate').map((c) => c.request.sandboxId).filter((id) => refs.includes(id as string)).sort()).toEqual([...refs].sort());
    for (const pid of pids) expect(processGone(pid)).toBe(true);
    expect(existsSync(fake.volumeDir('ft-vol'))).toBe(true);
  });
});
