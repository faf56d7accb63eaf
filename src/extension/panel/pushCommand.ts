/** Shell snippets for a finished model (pure: no `vscode`); every value is shell-quoted. */
import { VOLUME_MOUNT } from '../../core/backends/modal/sandboxSpec';
import { shellCommand, shellQuote } from '../../core/shell/shellQuote';

/** What the user replaces with their Hugging Face user name; quoted, so never a redirection. */
export const HF_USER_PLACEHOLDER = '<your-hf-user>';

/** The model's path inside the Modal volume ("runs/<id>/model"), from its mount path. */
export function volumePath(modelPath: string): string {
  return modelPath.startsWith(`${VOLUME_MOUNT}/`) ? modelPath.slice(VOLUME_MOUNT.length + 1) : modelPath;
}

/** Downloads a Modal model folder next to the workspace. */
export function downloadCommand(modelPath: string, runName: string, volume: string): string {
  return shellCommand('modal', 'volume', 'get', volume, volumePath(modelPath), `./${runName}-model`);
}

/** Uploads the fine-tuned model to the Hugging Face Hub (after downloading it from the volume for Modal runs). */
export function pushCommand(backend: 'modal' | 'local', modelPath: string, runName: string, volume: string): string {
  const upload = (folder: string) => `huggingface-cli upload ${shellQuote(`${HF_USER_PLACEHOLDER}/${runName}`)} ${shellCommand(folder, '.', '--repo-type', 'model')}`;
  if (backend === 'local') return upload(modelPath);
  return `${downloadCommand(modelPath, runName, volume)} && ${upload(`./${runName}-model`)}`;
}
