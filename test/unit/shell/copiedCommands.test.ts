/**
 * The commands the dashboard copies, run by a real shell with stand-ins for `modal` and
 * `huggingface-cli`: each value reaches the program as the argument it was meant to be.
 */
import { describe, expect, test } from 'vitest';
import { downloadCommand, HF_USER_PLACEHOLDER, pushCommand } from '../../../src/extension/panel/pushCommand';
import { HOSTILE, runSh } from './shellFixtures';

const STUBS = ['modal', 'huggingface-cli'];
const args = (name: string, ...values: string[]) => [name, ...values.map((v) => `[${v}]`)].join('\n') + '\n';

describe('copied model commands under a real shell', () => {
  test.each(HOSTILE.filter((v) => v !== ''))('a run named %j: download and upload get it literally, nothing else runs', (name) => {
    const { out, created } = runSh(pushCommand('modal', `/vol/runs/${name}/model`, name, `vol ${name}`), STUBS);
    expect(out).toBe(
      args('modal', 'volume', 'get', `vol ${name}`, `runs/${name}/model`, `./${name}-model`)
      + args('huggingface-cli', 'upload', `${HF_USER_PLACEHOLDER}/${name}`, `./${name}-model`, '.', '--repo-type', 'model'));
    expect(created).toEqual([]);
  });

  test.each(HOSTILE)('a local model folder %j is uploaded from exactly that path', (folder) => {
    const { out, created } = runSh(pushCommand('local', folder, 'run', 'vol'), STUBS);
    expect(out).toBe(args('huggingface-cli', 'upload', `${HF_USER_PLACEHOLDER}/run`, folder, '.', '--repo-type', 'model'));
    expect(created).toEqual([]);
  });

  test('the placeholder is quoted: pasted as is, it is an argument, not a redirection', () => {
    const text = pushCommand('local', '/tmp/m', 'run', 'vol');
    expect(text).toBe("huggingface-cli upload '<your-hf-user>/run' /tmp/m . --repo-type model");
    const { created } = runSh(text, STUBS);
    expect(created).toEqual([]);
  });

  test('ordinary names read as typed', () => {
    expect(downloadCommand('/vol/runs/r1/model', 'run', 'ft-vol')).toBe('modal volume get ft-vol runs/r1/model ./run-model');
  });
});
