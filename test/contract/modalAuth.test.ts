import { afterAll, beforeAll, expect, test } from 'vitest';
import { ModalAuthError } from '../../src/core/backends/modal/modalErrors';
import { backendFor, makeJob, recorder, REQUIREMENTS } from './modalHarness';
import { startFakeModal, type FakeModal } from './fakeModal/server';

let fake: FakeModal;
beforeAll(async () => {
  fake = await startFakeModal();
});
afterAll(async () => fake?.stop());

const request = { runId: 'auth-1', job: makeJob(), templateFiles: { 'finetune.py': 'print(1)' }, requirementsTxt: REQUIREMENTS };

test('rejected credentials: a typed auth error telling the user to sign in', async () => {
  const backend = backendFor(fake, { credentials: { tokenId: 'ak-test', tokenSecret: 'wrong' } });
  const err = await backend.launch(request, recorder()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ModalAuthError);
  expect((err as ModalAuthError).reason).toBe('rejected');
  expect((err as Error).message).toMatch(/^Sign in to Modal/);
  expect((err as Error).message).not.toMatch(/\n\s+at /);
  expect(fake.callsOf('AuthTokenGet').at(-1)!.code).toBe(16);
  expect(fake.callsOf('SandboxCreate')).toEqual([]);
  await expect(backend.reattach('sb-AAAAAAAAAAAAAAAAAAAAAA', recorder())).rejects.toBeInstanceOf(ModalAuthError);
});

test('missing credentials (none passed, none in env or ~/.modal.toml): auth error, no call made', async () => {
  const before = fake.calls.length;
  const err = await backendFor(fake, { credentials: undefined }).launch(request, recorder()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ModalAuthError);
  expect((err as ModalAuthError).reason).toBe('missing');
  expect((err as Error).message).toContain('Sign in to Modal');
  expect(fake.calls.length).toBe(before);
});
