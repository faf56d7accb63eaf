// Synthesis speed (`npm run bench synthesize`): 2,000 generated markdown files (or $FTE_SYNTH_FILES)
// through dataset.synthesize with generator ict and the round-trip filter, timed against the base
// model's bare encode of the same chunks (ratio = bare / synthesis; goal >= 0.8), then a rerun with
// one file changed, which must generate (and encode) only that file's chunks. CPU, the training
// environment, all-MiniLM-L6-v2 (packaged, offline).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const files = Number(process.env.FTE_SYNTH_FILES ?? 2000);
const fail = (message) => {
  console.error(`synthesize bench: ${message}`);
  process.exit(1);
};

const envRun = spawnSync(process.execPath, [cli, 'env'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (envRun.status !== 0) fail('no training environment (see above)');
const python = envRun.stdout.trim();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fte-bench-synth-'));

// Seeded pseudo-documentation: service names, verbs and objects, 2-6 paragraphs a file.
let seed = 7;
// 32-bit LCG in integer arithmetic (a float product past 2^53 loses bits and cycles: most files came out alike).
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const services = Array.from({ length: 400 }, (_, i) => `svc${i.toString(36)}${['ala', 'ore', 'imo', 'uth'][i % 4]}`);
const verbs = ['restart', 'drain', 'roll back', 'scale up', 'rotate the keys of', 'page the owner of', 'inspect', 'pause', 'rebuild the index of', 'clear the cache of'];
const objects = ['the queue', 'the connection pool', 'the dashboard', 'the canary', 'the error budget', 'the nightly export', 'the rate limiter', 'the replica lag', 'the webhook retries', 'the certificate'];
const whens = ['when latency rises above the threshold', 'after a failed deploy', 'if the alert fires twice in an hour', 'before the weekly release', 'when customers report timeouts'];
const sentence = (svc) => `${pick(whens)[0].toUpperCase()}${pick(whens).slice(1)}, ${pick(verbs)} ${svc} and check ${pick(objects)}.`;
fs.mkdirSync(path.join(scratch, 'docs'), { recursive: true });
for (let i = 0; i < files; i++) {
  const svc = pick(services);
  const paragraphs = Array.from({ length: 2 + Math.floor(rand() * 5) }, () => Array.from({ length: 3 + Math.floor(rand() * 4) }, () => sentence(svc)).join(' '));
  fs.mkdirSync(path.join(scratch, 'docs', `team${i % 20}`), { recursive: true });
  fs.writeFileSync(path.join(scratch, 'docs', `team${i % 20}`, `runbook-${i}.md`), `# ${svc} runbook ${i}\n\n${paragraphs.join('\n\n')}\n`);
}
const config = path.join(scratch, 'bench.finetune.yaml');
fs.writeFileSync(config, `task: information-retrieval
model: sentence-transformers/all-MiniLM-L6-v2
dataset:
  synthesize:
    documents: docs/**/*.md
    chunk: { tokens: 256, overlap: 32 }
    queries_per_chunk: 2
    generator: ict
    out: data/synthetic.jsonl
compute: { backend: local }
`);
const job = spawnSync(process.execPath, [cli, 'job', config, '--json'], { encoding: 'utf8' });
if (job.status !== 0) fail(`job failed: ${job.stderr}`);
fs.writeFileSync(path.join(scratch, 'job.json'), job.stdout);
const env = { ...process.env, HF_HUB_OFFLINE: '1', TOKENIZERS_PARALLELISM: 'false' };
const r = spawnSync(python, [path.join(root, 'test', 'bench', 'synthesize', 'measure.py'), '--job', path.join(scratch, 'job.json'), '--docs', path.join(scratch, 'docs')],
  { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (r.status !== 0) fail(`measure.py failed:\n${(r.stdout + r.stderr).slice(-3000)}`);
const m = JSON.parse(r.stdout.trim().split('\n').pop());
console.log(`  ${m.documents} markdown files -> ${m.chunks} chunks, ${m.queries} ict queries (${m.kept} kept after dedup and the round-trip filter)`);
console.log(`  synthesis ${m.synth_s.toFixed(1)} s; bare encode of the same chunks ${m.bare_encode_s.toFixed(1)} s; speed ratio ${m.ratio.toFixed(2)} (goal >= 0.8)${m.ratio >= 0.8 ? '' : '  BELOW GOAL'}`);
console.log(`  one file changed: ${m.rerun.generated} chunks generated, ${m.rerun.cached} cached, ${m.rerun.encoded} texts encoded, ${m.rerun.seconds.toFixed(1)} s`);
fs.rmSync(scratch, { recursive: true, force: true });
if (m.rerun.generated < 1 || m.rerun.generated > 3) process.exitCode = 1; // the changed file's chunks (1-3 here), no others
