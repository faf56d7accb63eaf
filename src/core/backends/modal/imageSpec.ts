/**
 * The container image: a registry base plus ONE `RUN` step that writes the repository's pinned
 * requirements (base64, so no shell quoting of their content is needed) and pip-installs them.
 * The requirements text comes from the repo's requirements file, never from a config value, and
 * identical requirements yield an identical image definition, which Modal serves from its cache.
 *
 * Base: `python:3.11-slim` (Debian, with `python` on PATH, which Modal's image builder needs).
 * CUDA needs no special base: PyPI's Linux torch wheels bundle the CUDA runtime, and Modal's
 * GPU hosts provide the driver. Change BASE_IMAGE only together with the templates' tests.
 */
import { LaunchInputError } from './modalErrors';

export const BASE_IMAGE = 'python:3.11-slim';
const REQUIREMENTS_PATH = '/opt/finetune/requirements.txt';

/** Normalises line endings so an editor's CRLF does not change the image (and miss the cache). */
export function normalizeRequirements(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n') + '\n';
}

export function requirementsDockerfileCommands(requirementsTxt: string): string[] {
  const text = normalizeRequirements(requirementsTxt);
  if (!text.split('\n').some((l) => l.trim() && !l.trim().startsWith('#'))) {
    throw new LaunchInputError('The requirements file is empty: the GPU image needs the pinned training packages.');
  }
  const b64 = Buffer.from(text, 'utf8').toString('base64');
  return [
    `RUN mkdir -p /opt/finetune && echo ${b64} | base64 -d > ${REQUIREMENTS_PATH} && python -m pip install --no-cache-dir -r ${REQUIREMENTS_PATH}`,
  ];
}
