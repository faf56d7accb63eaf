/**
 * Which torch build the local training environment installs. requirements.txt pins the
 * version the GPU image uses; PyPI's Linux wheel of it bundles CUDA (several GB), which a
 * machine without an NVIDIA GPU cannot use. There we install a CPU build instead: the
 * pinned version's `+cpu` build when an index offers it, else the newest `+cpu` build below
 * the pin. Everything else in requirements.txt is installed exactly as pinned.
 */

/** PyTorch's own index of CPU-only wheels (used where no configured index has a +cpu build). */
export const TORCH_CPU_INDEX = 'https://download.pytorch.org/whl/cpu';

export interface TorchChoice {
  /** The requirement line for torch, e.g. "torch==2.13.0+cpu". */
  requirement: string;
  /** An extra index pip needs for it, if any. */
  extraIndexUrl?: string;
  /** Why this build, for the log. */
  reason: string;
}

/** The `torch==X` pin in a requirements text, or undefined. */
export function torchPin(requirements: string): string | undefined {
  for (const raw of requirements.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^torch\s*==\s*([^\s;]+)/i.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** requirements.txt with its torch line replaced (comments and other pins untouched). */
export function withTorch(requirements: string, requirement: string): string {
  let replaced = false;
  const lines = requirements.split(/\r?\n/).map((raw) => {
    if (/^\s*torch\s*(==|>=|<=|~=|\[|$)/i.test(raw.replace(/#.*/, ''))) {
      replaced = true;
      return requirement;
    }
    return raw;
  });
  if (!replaced) lines.push(requirement);
  return lines.join('\n');
}

/** The versions in `pip index versions torch` output ("Available versions: 2.15.0, 2.13.0+cpu, ..."). */
export function parsePipIndexVersions(output: string): string[] {
  const m = /Available versions:\s*(.+)/.exec(output);
  return m ? m[1]!.split(',').map((v) => v.trim()).filter(Boolean) : [];
}

function numeric(version: string): number[] {
  return version.split('+')[0]!.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

export function compareVersions(a: string, b: string): number {
  const x = numeric(a);
  const y = numeric(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The best `+cpu` version for a pin: the pin's own, else the newest one below it. */
export function bestCpuVersion(available: string[], pin: string): string | undefined {
  const cpu = available.filter((v) => v.endsWith('+cpu') && compareVersions(v, pin) <= 0);
  cpu.sort((a, b) => compareVersions(b, a));
  return cpu[0];
}
