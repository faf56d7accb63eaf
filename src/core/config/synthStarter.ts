/**
 * "I have documents, no questions": a commented config whose training pairs are synthesized from a
 * folder of documents (dataset.synthesize), for the information-retrieval task. Pure.
 */
const q = (s: string): string => (/^[\w./@-]+$/.test(s) ? s : JSON.stringify(s));

export interface SynthStarterOptions {
  /** The documents folder, relative to the config (posix separators; '' or '.' for the config's own folder). */
  folder: string;
  model?: string;
}

export function synthStarterConfig(o: SynthStarterOptions): string {
  const base = o.folder === '' || o.folder === '.' ? '' : `${o.folder.replace(/\/+$/, '')}/`;
  return [
    '# Fine-tune Embeddings config: training pairs made from your documents (no questions needed).',
    '# 1. Synthesize Training Pairs (or: finetune-embeddings synthesize <this file>) writes data/synthetic.jsonl',
    '#    and a frozen test set of synthetic questions on held-out documents.',
    '# 2. Review Synthesized Pairs: drop bad queries. 3. Launch.',
    'task: information-retrieval',
    `model: ${q(o.model ?? 'sentence-transformers/all-MiniLM-L6-v2')}`,
    'dataset:',
    '  synthesize:',
    `    documents: [${['md', 'txt', 'rst', 'html'].map((ext) => q(`${base}**/*.${ext}`)).join(', ')}]`,
    '    chunk: { tokens: 256, overlap: 32 }   # in the base model\'s own tokens',
    '    queries_per_chunk: 2',
    '    generator: ict                        # no LLM. Or { backend: modal, model: Qwen/Qwen2.5-1.5B-Instruct, gpu: L4 },',
    '                                          # or { endpoint: https://…/v1, model: … } (key: Set LLM API Key)',
    '    out: data/synthetic.jsonl',
    '  # Real questions, even 50? They make a better test set, and then every synthesized pair trains:',
    '  # eval: { path: data/questions.jsonl, columns: { anchor: question, positive: answer } }',
    'loss: MultipleNegativesRankingLoss',
    'evaluator: InformationRetrievalEvaluator',
    'compute:',
    '  backend: local',
    '',
  ].join('\n');
}
