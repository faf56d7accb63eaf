// Training benchmarks on this machine's CPU, in the training environment (about 10-15 minutes):
//   - quality: all-MiniLM-L6-v2 fine-tuned by the product (CLI, local backend) on MSRP's train
//     split, scored on its test split (accuracy, AP), and on SICK (relatedness scaled to 0..1,
//     spearman), base model -> fine-tuned;
//   - overhead: the product's local run of the quickstart against a bare SentenceTransformerTrainer
//     script with identical settings (three splits, the whole corpus, test scored before and
//     after): wall-time ratio (target <= 1.05) and the final metrics; the quickstart's report
//     (test ndcg@10 against all 575 runbooks, with the gain's 95% interval);
//   - time from Launch to the first training step.
// The evaluation sets are read from ../shared/benchmarks (or $FTE_BENCH_DATA), never copied into
// the repository. Usage: node test/bench/training.bench.mjs [msrp] [sick] [overhead] (default: all).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const here = path.join(root, 'test', 'bench', 'training');
const cli = path.join(root, 'dist', 'cli.js');
const wanted = process.argv.slice(2);
const want = (name) => wanted.length === 0 || wanted.includes(name);
const fail = (message) => {
  console.error(`training bench: ${message}`);
  process.exit(1);
};

const envRun = spawnSync(process.execPath, [cli, 'env'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (envRun.status !== 0) fail('no training environment (see above)');
const python = envRun.stdout.trim();
const data = path.resolve(process.env.FTE_BENCH_DATA ?? path.join(root, '..', 'shared', 'benchmarks'));
if (!fs.existsSync(path.join(data, 'msrp-train.tsv'))) fail(`no benchmark data in ${data} (set FTE_BENCH_DATA)`);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fte-bench-train-'));
const env = { ...process.env, FINETUNE_PYTHON: python, HF_HUB_OFFLINE: '1', TOKENIZERS_PARALLELISM: 'false' };
const secs = (ms) => (ms / 1000).toFixed(1);

function py(args, cwd = scratch) {
  const r = spawnSync(python, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) fail(`${args[0]} failed:\n${(r.stdout + r.stderr).slice(-3000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** `finetune-embeddings launch` in `dir`; returns its wall time, the run's events and its folder. */
function launch(dir, config) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, 'launch', config, '--backend', 'local'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Date.now() - t0;
  if (r.status !== 0) fail(`launch ${config} failed:\n${(r.stdout + r.stderr).slice(-3000)}`);
  const runsDir = path.join(dir, '.finetune', 'runs');
  const id = fs.readdirSync(runsDir).sort().pop();
  const events = fs.readFileSync(path.join(runsDir, id, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { t0, wallMs, events, done: events.find((e) => e.type === 'completed') };
}

function config(task, file, columns, training) {
  return `task: ${task}\nmodel: sentence-transformers/all-MiniLM-L6-v2\ndataset:\n  path: data/${file}\n  test_size: 0.05\n  columns: ${columns}\ntraining: ${training}\ncompute: { backend: local, timeout_minutes: 60 }\n`;
}

const report = {};
fs.mkdirSync(path.join(scratch, 'data'));
console.log(`scratch: ${scratch}\npython: ${python}`);
console.log(`data: ${JSON.stringify(py([path.join(here, 'prepare_data.py'), data, path.join(scratch, 'data')]))}`);

const QUALITY = {
  msrp: { task: 'duplicate-classification', train: 'msrp-train.jsonl', test: 'msrp-test.jsonl', columns: '{ text1: s1, text2: s2, label: label }' },
  sick: { task: 'semantic-similarity', train: 'sick-train.jsonl', test: 'sick-test.jsonl', columns: '{ text1: s1, text2: s2, score: score }' },
};
for (const [name, q] of Object.entries(QUALITY)) {
  if (!want(name)) continue;
  console.log(`\n== quality: ${name} (${q.task}), train on ${q.train}, score on ${q.test}`);
  fs.writeFileSync(path.join(scratch, `${name}.finetune.yaml`), config(q.task, q.train, q.columns, '{ epochs: 1, batch_size: 32, learning_rate: 2.0e-5, eval_steps: 50, max_seq_length: 64 }'));
  const run = launch(scratch, `${name}.finetune.yaml`);
  const scores = py([path.join(here, 'evaluate_test.py'), path.join(root, 'gpu-templates'), q.task, path.join(scratch, 'data', q.test), 'sentence-transformers/all-MiniLM-L6-v2', run.done.model_path]);
  report[name] = { train_seconds: Number(secs(run.wallMs)), ...scores };
  for (const metric of Object.keys(scores.base)) {
    console.log(`  ${metric}: ${scores.base[metric].toFixed(4)} -> ${scores.fine_tuned[metric].toFixed(4)} (${scores.fine_tuned[metric] >= scores.base[metric] ? '+' : ''}${(scores.fine_tuned[metric] - scores.base[metric]).toFixed(4)}) on ${scores.rows} test pairs`);
  }
  console.log(`  training run: ${secs(run.wallMs)} s`);
}

if (want('overhead')) {
  console.log('\n== overhead: the product\'s local run of the quickstart vs a bare SentenceTransformerTrainer script');
  const qs = path.join(scratch, 'quickstart');
  fs.mkdirSync(path.join(qs, 'data'), { recursive: true });
  fs.copyFileSync(path.join(root, 'examples', 'quickstart.finetune.yaml'), path.join(qs, 'quickstart.finetune.yaml'));
  fs.copyFileSync(path.join(root, 'examples', 'data', 'quickstart-runbooks.jsonl'), path.join(qs, 'data', 'quickstart-runbooks.jsonl'));
  const modelPath = py(['-c', `import sys, json; sys.path.insert(0, ${JSON.stringify(path.join(root, 'gpu-templates'))}); from fte.models import resolve_model; print(json.dumps({"path": resolve_model("sentence-transformers/all-MiniLM-L6-v2")}))`]).path;
  const b0 = Date.now();
  const bare = py([path.join(here, 'bare_trainer.py'), modelPath, path.join(qs, 'data', 'quickstart-runbooks.jsonl'), path.join(scratch, 'bare')]);
  const bareMs = Date.now() - b0;
  const product = launch(qs, 'quickstart.finetune.yaml');
  const firstStep = product.events.find((e) => e.type === 'train_log');
  const training = product.events.find((e) => e.type === 'phase' && e.phase === 'training');
  const ratio = product.wallMs / bareMs;
  report.overhead = {
    bare_seconds: Number(secs(bareMs)), product_seconds: Number(secs(product.wallMs)), ratio: Number(ratio.toFixed(3)),
    bare_final: bare.final, product_final: product.done.primary_value, bare_baseline: bare.baseline, product_baseline: product.done.baseline_metrics[product.done.primary_metric],
    launch_to_training_phase_s: Number(secs(Date.parse(training.ts) - product.t0)), launch_to_first_step_s: Number(secs(Date.parse(firstStep.ts) - product.t0)), first_step: firstStep.step,
  };
  const d = product.done;
  report.quickstart = {
    metric: d.primary_metric, split: d.split, n: d.n, corpus_size: d.corpus_size, baseline: d.baseline_metrics[d.primary_metric],
    finetuned: d.primary_value, delta: d.deltas[d.primary_metric], delta_ci95: d.delta_ci95, verdict: d.verdict,
  };
  const q = report.quickstart;
  console.log(`  quickstart: ${q.metric} ${q.baseline.toFixed(4)} -> ${q.finetuned.toFixed(4)} (${q.delta >= 0 ? '+' : ''}${q.delta.toFixed(4)}, 95% CI ${q.delta_ci95.map((v) => v.toFixed(4)).join(' to ')}: ${q.verdict}) on the ${q.split} split, ${q.n} queries against all ${q.corpus_size} runbooks`);
  const o = report.overhead;
  console.log(`  bare script ${o.bare_seconds} s, product ${o.product_seconds} s: ratio ${o.ratio} (target <= 1.05)${o.ratio > 1.05 ? '  OVER TARGET' : ''}`);
  console.log(`  ndcg@10 baseline ${o.bare_baseline.toFixed(4)} / ${o.product_baseline.toFixed(4)}, final ${o.bare_final.toFixed(4)} / ${o.product_final.toFixed(4)} (bare / product)${Math.abs(o.bare_final - o.product_final) < 1e-6 ? ', identical' : '  DIFFERENT'}`);
  console.log(`  Launch -> training phase ${o.launch_to_training_phase_s} s, -> first training step (step ${o.first_step}) ${o.launch_to_first_step_s} s`);
}

console.log(`\n${JSON.stringify(report, null, 2)}`);
fs.rmSync(scratch, { recursive: true, force: true });
