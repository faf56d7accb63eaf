/**
 * Image builds: ImageGetOrCreate keys images by their definition (dockerfile commands, base
 * images, secrets, GPU config, builder version). A new definition starts a build that "runs"
 * for `buildMs`, printing build logs that ImageJoinStreaming streams (resumable by entry id);
 * the same definition again returns the cached image with a result and no build.
 */
import { LogStore } from './logStore';
import { GenericStatus, newId, type GenericResultMsg } from './types';

export interface FakeImage {
  id: string;
  key: string;
  dockerfileCommands: string[];
  logs: LogStore;
  result: GenericResultMsg | undefined;
  builds: number;
}

export class FakeImages {
  private byKey = new Map<string, FakeImage>();
  readonly byId = new Map<string, FakeImage>();

  constructor(private readonly buildMs: number) {}

  getOrCreate(image: Record<string, unknown>, builderVersion: string, forceBuild: boolean): FakeImage {
    const dockerfileCommands = (image.dockerfileCommands as string[] | undefined) ?? [];
    const key = JSON.stringify([dockerfileCommands, image.baseImages, image.secretIds, image.gpuConfig, builderVersion]);
    const existing = this.byKey.get(key);
    if (existing && !forceBuild && existing.result?.status !== GenericStatus.FAILURE) return existing;
    const img: FakeImage = existing ?? { id: newId('im'), key, dockerfileCommands, logs: new LogStore(), result: undefined, builds: 0 };
    img.logs = new LogStore();
    img.result = undefined;
    img.builds += 1;
    this.byKey.set(key, img);
    this.byId.set(img.id, img);
    this.runBuild(img);
    return img;
  }

  private runBuild(img: FakeImage): void {
    const lines = img.dockerfileCommands.map((c, i) => `#${i + 1} ${c.length > 100 ? c.slice(0, 100) + '...' : c}\n`);
    for (const cmd of img.dockerfileCommands) lines.push(...requirementLines(cmd));
    lines.push(`Saving image ${img.id}...\n`, 'Image saved.\n');
    const step = this.buildMs / (lines.length + 1);
    lines.forEach((line, i) => {
      // Deliberately split each line in two log entries: build logs are not line-aligned either.
      setTimeout(() => {
        const cut = Math.max(1, Math.floor(line.length / 2));
        img.logs.append(line.slice(0, cut));
        img.logs.append(line.slice(cut));
      }, step * i);
    });
    setTimeout(() => {
      img.result = { status: GenericStatus.SUCCESS };
      img.logs.close();
    }, this.buildMs);
  }
}

/** "Collecting x" lines for a `RUN echo <base64> | base64 -d > f && pip install -r f` step. */
function requirementLines(command: string): string[] {
  const m = /echo\s+([A-Za-z0-9+/=]+)\s*\|\s*base64\s+-d/.exec(command);
  if (!m?.[1]) return [];
  return Buffer.from(m[1], 'base64')
    .toString('utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => `Collecting ${l}\n`);
}
