import { describe, expect, it } from 'vitest';
import { bestCpuVersion, compareVersions, parsePipIndexVersions, torchPin, withTorch } from '../../../src/core/pyenv/torchChoice';

const PIP_INDEX = `torch (2.15.0)
Available versions: 2.15.0, 2.14.1, 2.14.0, 2.13.0+cpu, 2.13.0, 2.12.1, 2.9.1
`;

describe('choosing a CPU build of torch', () => {
  it('reads the pin and replaces only the torch line', () => {
    const req = '# pins\nsentence-transformers[train]==6.2.0\ntorch==2.15.0  # the GPU image\ntorchvision==0.1\n';
    expect(torchPin(req)).toBe('2.15.0');
    expect(withTorch(req, 'torch==2.13.0+cpu')).toBe('# pins\nsentence-transformers[train]==6.2.0\ntorch==2.13.0+cpu\ntorchvision==0.1\n');
    expect(torchPin('torchvision==1.0\n')).toBeUndefined();
    expect(withTorch('datasets==5.2.0', 'torch==2.13.0+cpu')).toBe('datasets==5.2.0\ntorch==2.13.0+cpu');
  });

  it("takes the pin's own +cpu build when offered, else the newest one below the pin, never above", () => {
    const available = parsePipIndexVersions(PIP_INDEX);
    expect(available).toContain('2.13.0+cpu');
    expect(bestCpuVersion(available, '2.15.0')).toBe('2.13.0+cpu');
    expect(bestCpuVersion([...available, '2.15.0+cpu', '2.16.0+cpu'], '2.15.0')).toBe('2.15.0+cpu');
    expect(bestCpuVersion(available, '2.12.1')).toBeUndefined();
    expect(compareVersions('2.10.0', '2.9.1')).toBeGreaterThan(0);
  });
});
