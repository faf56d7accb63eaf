import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import type { Io } from '../../../src/cli/io';
import { SYNTH_JSON_KEYS } from '../../../src/core/synthesize/runSynthesize';
import { trainingPython } from '../../support/trainingPython';

const ws = mkdtempSync(join(tmpdir(), 'fte-synthcli-'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));

const DOCS: Record<string, string> = {
  'kestrel.md': 'Kestrel is the payment gateway. When Kestrel declines every card, rotate its acquirer certificate. The Kestrel dashboard shows latency per bank.',
  'juniper.md': 'Juniper prints shipping labels. Slow Juniper responses mean the connection pool is exhausted. Raise juniper.pool.max to 64 and recycle the pods.',
  'dunlin.md': 'Dunlin keeps the loyalty ledger. When Dunlin falls behind, pause the producers and run the drain command. Watch the lag graph until it recovers.',
  'wren/mail.md': 'Wren sends confirmation emails. Bounced emails pile up in the Wren dead letter queue. Replay the queue once the mail relay is healthy.',
};

const CONFIG = `task: information-retrieval
model: sentence-transformers/all-MiniLM-L6-v2
dataset:
  test_size: 0.25
  synthesize:
    documents: docs/**/*.md
    chunk: { tokens: 24, overlap: 4 }
    generator: ict
    out: data/synthetic.jsonl
compute: { backend: local }
`;

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe('finetune-embeddings synthesize CONFIG --json (real Python, CPU)', () => {
  it('prints the documented counts, writes the pairs, and the config then resolves them as data', async () => {
    process.env.FINETUNE_PYTHON = trainingPython();
    process.env.HF_HUB_OFFLINE = '1';
    for (const [name, text] of Object.entries(DOCS)) {
      mkdirSync(join(ws, 'docs', name, '..'), { recursive: true });
      writeFileSync(join(ws, 'docs', name), `${text}\n`);
    }
    const config = join(ws, 'docs.finetune.yaml');
    writeFileSync(config, CONFIG);
    const io = capture();
    expect(await runCli(['synthesize', config, '--json'], io), io.stderr.join('\n')).toBe(0);
    const result = JSON.parse(io.stdout.join('\n')) as Record<string, unknown>;
    expect(Object.keys(result).slice(0, SYNTH_JSON_KEYS.length)).toEqual([...SYNTH_JSON_KEYS]);
    expect(result).toMatchObject({ cached: 0, test_documents: 1, out: join(ws, 'data', 'synthetic.jsonl') });
    expect(result.generated).toBe(result.chunks);
    expect(io.stderr.some((l) => /generating queries: \d+\/\d+ \([\d.]+\/s, ETA/.test(l))).toBe(true);
    const rows = readFileSync(join(ws, 'data', 'synthetic.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.length).toBe(result.train_rows);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['anchor', 'positive', 'source', 'chunk', 'start', 'end']));

    const again = capture();
    expect(await runCli(['synthesize', config, '--json'], again)).toBe(0);
    expect(JSON.parse(again.stdout.join('\n'))).toMatchObject({ cached: result.chunks, generated: 0 });

    const check = capture();
    expect(await runCli(['validate', config, '--json'], check)).toBe(0);
    expect(check.stdout.join('\n')).not.toContain('synthesize-not-run');
  }, 300_000);

  it('says what is wrong with a config that has no synthesize section', async () => {
    const config = join(ws, 'plain.finetune.yaml');
    writeFileSync(config, CONFIG.replace(/ {2}synthesize:[\s\S]*?out: data\/synthetic.jsonl\n/, '  path: data/synthetic.jsonl\n  columns: { anchor: anchor, positive: positive }\n'));
    const io = capture();
    expect(await runCli(['synthesize', config], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/has no dataset\.synthesize section/);
  });
});
