import { checkTryRequest, tryOnce } from '../../core/model/tryModel';
import { TEMPLATE_DIR } from '../backends';
import type { Io } from '../io';
import { progressTo, withLocalModel } from '../runModelInput';
import { tryText } from '../tryText';

export interface TryArgs {
  query: string | undefined;
  text2: string | undefined;
  k: string | undefined;
  json: boolean;
}

/** `try RUN --query TEXT [--text2 TEXT] [--k N] [--json]`: base vs fine-tuned on the run's corpus. */
export async function tryCommand(idArg: string | undefined, a: TryArgs, io: Io): Promise<number> {
  if (a.query === undefined) {
    io.err('try: --query TEXT is required, e.g. finetune-embeddings try RUN --query "How do I reset my password?"');
    return 2;
  }
  const request = { query: a.query, text2: a.text2 ?? null, k: a.k === undefined ? 10 : Number(a.k) };
  const bad = checkTryRequest(request);
  if (bad) {
    io.err(`try: ${bad.replace(/^k /, '--k ')}`);
    return 2;
  }
  return withLocalModel('try', idArg, io, async (run) => {
    const result = await tryOnce({ python: run.python, templateDir: TEMPLATE_DIR, model: run.model, modelPath: run.modelPath, request, onLine: progressTo(io) });
    if (a.json) io.out(JSON.stringify(result, null, 2));
    else tryText(result).forEach((l) => io.out(l));
    return 0;
  });
}
