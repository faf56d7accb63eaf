import { getBaseModel } from '../../catalog/models';
import { modelIdOf } from '../modelRef';
import { valueAt } from '../structuralChecks';
import type { CheckContext } from './context';
import { num, obj, report } from './context';

/**
 * training.lora against the maintainers' LoRA example: "LR is HIGHER than full fine-tune: 1e-4 to
 * 5e-4 for LoRA vs. 2e-5 full", and "Skip LoRA for small encoders (BERT-base, MiniLM): full
 * fine-tune is tractable and usually better".
 */
export function checkLora(ctx: CheckContext): void {
  if (!obj(ctx, ['training', 'lora'])) return;
  const lr = num(ctx, ['training', 'learning_rate']);
  if (lr !== undefined && lr < 5e-5) {
    report(ctx, 'warning', 'lora-low-learning-rate', ['training', 'learning_rate'],
      `training.learning_rate ${lr} is a full fine-tune's rate; a LoRA adapter learns little at it. Use 1e-4 to 5e-4 (the default with lora is 2e-4).`,
      { fix: { title: 'Use 2e-4', newText: '2.0e-4' } });
  }
  const model = getBaseModel(modelIdOf(valueAt(ctx.root, ['model'])) ?? '');
  const millions = model ? Number.parseFloat(model.params) : NaN;
  if (model && Number.isFinite(millions) && model.params.endsWith('M') && millions < 400) {
    report(ctx, 'info', 'lora-small-model', ['training', 'lora'],
      `${model.id} has ${model.params} parameters: a full fine-tune fits a single GPU and usually ends better than an adapter. LoRA pays off on large bases (Qwen3-Embedding, 1B+).`, { on: 'key' });
  }
}
