/** Shell snippets for a finished model (pure: no `vscode`). */
import { VOLUME_MOUNT } from '../../core/backends/modal/sandboxSpec';

/** The model's path inside the Modal volume ("runs/<id>/model"), from its mount path. */
export function volumePath(modelPath: string): string {
  return modelPath.startsWith(`${VOLUME_MOUNT}/`) ? modelPath.slice(VOLUME_MOUNT.length + 1) : modelPath;
}

/** Downloads a Modal model folder next to the workspace. */
export function downloadCommand(modelPath: string, runName: string, volume: string): string {
  return `modal volume get ${volume} ${volumePath(modelPath)} ./${runName}-model`;
}

/** Uploads the fine-tuned model to the Hugging Face Hub (after downloading it from the volume for Modal runs). */
export function pushCommand(backend: 'modal' | 'local', modelPath: string, runName: string, volume: string): string {
  const repo = `<your-hf-user>/${runName}`;
  if (backend === 'local') return `huggingface-cli upload ${repo} ${JSON.stringify(modelPath)} . --repo-type model`;
  return `${downloadCommand(modelPath, runName, volume)} && huggingface-cli upload ${repo} ./${runName}-model . --repo-type model`;
}
