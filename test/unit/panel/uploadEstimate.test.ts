import { describe, expect, it } from 'vitest';
import { DATASET_MAX_BYTES } from '../../../src/core/backends/modal/bundle';
import { resourcesPricePerHour } from '../../../src/core/cost/gpus';
import { estimateUpload, UPLOAD_MIN_RATE_BPS, uploadEstimateFor, uploadEstimateText } from '../../../src/core/cost/uploadCost';
import { defaultDraft, estimate } from '../../../src/extension/panel/wizardModel';

describe('a local dataset over the bundle limit: its upload is in the estimate', () => {
  it('prices the CPU sandbox for the bytes at the assumed slow uplink', () => {
    const gib = 1024 ** 3;
    const u = estimateUpload(gib);
    expect(u.minutes).toBeCloseTo(gib / UPLOAD_MIN_RATE_BPS / 60, 6); // 8.5 minutes
    expect(u.cost).toBeCloseTo(resourcesPricePerHour(1, 1) * (u.minutes / 60), 9);
    expect(uploadEstimateText(u)).toBe('the 1.1 GB dataset goes to the Modal volume first (once; later launches reuse it): at most ~9 min at 2 MiB/s on a 1-CPU sandbox, under $0.01');
    expect(uploadEstimateFor(DATASET_MAX_BYTES)).toBeUndefined(); // it travels in the job bundle
    expect(uploadEstimateFor(DATASET_MAX_BYTES + 1)?.bytes).toBe(DATASET_MAX_BYTES + 1);
    expect(uploadEstimateFor(undefined)).toBeUndefined();
    expect(uploadEstimateText(estimateUpload(40 * gib))).toMatch(/42\.9 GB .* ~342 min .* \$0\.31$/);
  });

  it('the wizard adds it to the cost and the worst case only for a Modal run of a file over the limit', () => {
    const draft = { ...defaultDraft('information-retrieval'), datasetKind: 'file' as const, path: '/data/big.jsonl', backend: 'modal' as const, gpu: 'A10G' };
    const small = estimate(draft, 100_000, true, DATASET_MAX_BYTES)!;
    expect(small.upload).toBeUndefined();
    const big = estimate(draft, 100_000, true, 2e9)!;
    const u = estimateUpload(2e9);
    expect(big.upload).toMatchObject({ bytes: 2e9, minutes: u.minutes, cost: u.cost });
    expect(big.upload!.text).toContain('2.0 GB dataset goes to the Modal volume first');
    expect(big.cost).toBeCloseTo(small.cost + u.cost, 9);
    expect(big.worstCase).toBeCloseTo(small.worstCase + u.cost, 9);
    expect(estimate({ ...draft, backend: 'local' }, 100_000, true, 2e9)!.upload).toBeUndefined();
  });
});
