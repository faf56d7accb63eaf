import type { EvaluatorSpec } from './types';

const DOCS = 'https://sbert.net/docs/package_reference/sentence_transformer/evaluation.html#';
const atK = (metric: string, ks: number[]): string[] => ks.map((k) => `cosine_${metric}@${k}`);

export const EVALUATORS: readonly EvaluatorSpec[] = [
  {
    name: 'BinaryClassificationEvaluator',
    summary: 'Finds the best cosine threshold on held-out labelled pairs and reports accuracy, F1, precision, recall and average precision.',
    metrics: ['cosine_accuracy', 'cosine_accuracy_threshold', 'cosine_f1', 'cosine_f1_threshold', 'cosine_precision', 'cosine_recall', 'cosine_ap', 'cosine_mcc'],
    primaryMetric: 'cosine_ap', greaterIsBetter: true, docs: `${DOCS}binaryclassificationevaluator`,
  },
  {
    name: 'InformationRetrievalEvaluator',
    summary: 'Retrieves each test query against the whole corpus (every document of your data, plus dataset.corpus) and scores the ranking (nDCG, MRR, MAP, recall@k).',
    metrics: [
      ...atK('accuracy', [1, 3, 5, 10]), ...atK('precision', [1, 3, 5, 10]), ...atK('recall', [1, 3, 5, 10]),
      'cosine_ndcg@10', 'cosine_mrr@10', 'cosine_map@100',
    ],
    primaryMetric: 'cosine_ndcg@10', greaterIsBetter: true, docs: `${DOCS}informationretrievalevaluator`,
  },
  {
    name: 'EmbeddingSimilarityEvaluator',
    summary: 'Correlates the cosine similarity of held-out pairs with their gold scores (Spearman and Pearson).',
    metrics: ['pearson_cosine', 'spearman_cosine'],
    primaryMetric: 'spearman_cosine', greaterIsBetter: true, docs: `${DOCS}embeddingsimilarityevaluator`,
  },
  {
    name: 'TripletEvaluator',
    summary: 'Fraction of held-out triplets where the anchor is closer to the positive than to the negative.',
    metrics: ['cosine_accuracy'],
    primaryMetric: 'cosine_accuracy', greaterIsBetter: true, docs: `${DOCS}tripletevaluator`,
  },
  {
    name: 'ParaphraseMiningEvaluator',
    summary: 'Mines paraphrase pairs among all held-out texts and scores them against the known pairs.',
    metrics: ['average_precision', 'f1', 'precision', 'recall', 'threshold'],
    primaryMetric: 'average_precision', greaterIsBetter: true, docs: `${DOCS}paraphraseminingevaluator`,
  },
];

/** The similarity functions sentence-transformers names metrics after (model.similarity_fn_name). */
export const SIMILARITIES = ['cosine', 'dot', 'euclidean', 'manhattan'] as const;

/**
 * The catalog names metrics as a cosine model logs them; a model with another similarity
 * function logs `dot_ndcg@10`, `spearman_dot`, ... The template reads the real primary key from
 * the evaluator (the baseline event carries it); this maps catalog names for display order.
 */
export function withSimilarity(metric: string, similarity: string): string {
  return metric.replace('cosine', similarity);
}

const byName = new Map(EVALUATORS.map((e) => [e.name, e]));

export function getEvaluator(name: string): EvaluatorSpec | undefined {
  return byName.get(name);
}
