import type { ColumnSpec, TaskId, TaskSpec } from './types';

const text = (role: ColumnSpec['role'], description: string, required = true): ColumnSpec =>
  ({ role, kind: 'text', required, description });

/** What mining did here, on a small retrieval set (gpu-templates/tests/test_hard_negatives_gain.py). */
const MINING_MEASURED = 'Measured on a small retrieval set (240 pairs, all-MiniLM-L6-v2): nDCG@10 0.83 after training without mining, 0.99 with it.';

export const TASKS: readonly TaskSpec[] = [
  {
    id: 'duplicate-classification',
    title: 'Duplicate-pair classification',
    oneLiner: 'Pairs of texts labelled 1 (same meaning) or 0 (different): e.g. duplicate questions or tickets.',
    explanation:
      'You have pairs of texts and a yes/no label saying whether they mean the same thing. The model learns to put duplicates close together and non-duplicates at least a margin apart, and the evaluator finds the cosine threshold that best separates them.',
    columns: [
      text('text1', 'The first text of the pair.'),
      text('text2', 'The second text of the pair.'),
      { role: 'label', kind: 'label', required: true, description: 'Integer 1 when the texts are duplicates, 0 when not.' },
    ],
    losses: [
      { loss: 'OnlineContrastiveLoss', recommended: true, why: 'Uses only the hard positives and hard negatives of each batch, which learns faster and generalises better than plain contrastive loss on labelled pairs.' },
      { loss: 'ContrastiveLoss', recommended: false, why: 'The classic form: every pair contributes, including easy ones that teach little. A baseline, usually slightly worse.' },
    ],
    evaluators: [
      { evaluator: 'BinaryClassificationEvaluator', recommended: true, why: 'Matches the yes/no labels: average precision is threshold-free, and it also reports the best-threshold accuracy and F1.' },
      { evaluator: 'EmbeddingSimilarityEvaluator', recommended: false, why: 'Treats the 0/1 labels as similarity scores; a rank correlation is a coarser signal for binary labels.' },
    ],
    hyperparameters: { batch_size: 32, learning_rate: 2e-5, epochs: 1, warmup_ratio: 0.1, batch_sampler: 'batch_sampler' },
    examples: [
      { hub: 'sentence-transformers/quora-duplicates', subset: 'pair-class', split: 'train', columns: { text1: 'sentence1', text2: 'sentence2', label: 'label' }, rows: 404290, note: 'Quora question pairs with duplicate labels (~404k rows).' },
    ],
  },
  {
    id: 'information-retrieval',
    title: 'Information retrieval',
    oneLiner: 'Queries with the passage that answers them: search, RAG retrieval, question answering.',
    explanation:
      'You have queries and the document or passage that answers each. The model learns to rank the right passage above every other passage in the batch, which is exactly what a retriever does at search time. Hard negatives (a plausible wrong passage per query) are optional and help.',
    columns: [
      text('anchor', 'The query or question.'),
      text('positive', 'The passage that answers it.'),
      text('negative', 'Optional: a passage that looks relevant but is not (a hard negative).', false),
    ],
    losses: [
      { loss: 'MultipleNegativesRankingLoss', recommended: true, why: 'Needs only (query, passage) pairs: every other passage in the batch serves as a negative. Use the NO_DUPLICATES batch sampler and the largest batch that fits.' },
      { loss: 'CachedMultipleNegativesRankingLoss', recommended: false, why: 'The same objective with gradient caching: batches of thousands in fixed memory, for about 20% more compute. Pick it when a bigger batch does not fit.' },
      { loss: 'GISTEmbedLoss', recommended: false, why: 'Uses a guide model to skip in-batch negatives that are actually relevant (false negatives). Needs `loss_args.guide` and costs a second model forward pass.' },
    ],
    evaluators: [
      { evaluator: 'InformationRetrievalEvaluator', recommended: true, why: 'Runs real retrieval over the whole corpus (every document you have) and reports nDCG@10, MRR@10 and recall@k, the numbers a search system cares about.' },
    ],
    hyperparameters: { batch_size: 64, learning_rate: 2e-5, epochs: 1, warmup_ratio: 0.1, batch_sampler: 'no_duplicates' },
    examples: [
      { hub: 'sentence-transformers/natural-questions', split: 'train', columns: { anchor: 'query', positive: 'answer' }, rows: 100231, note: 'Google search queries with Wikipedia answer passages (~100k pairs).' },
      { hub: 'sentence-transformers/quora-duplicates', subset: 'pair', split: 'train', columns: { anchor: 'anchor', positive: 'positive' }, rows: 149263, note: 'Duplicate Quora questions as (anchor, positive) pairs.' },
    ],
    hardNegatives: `(query, passage) pairs give only in-batch negatives: other rows' passages, mostly easy to tell apart. Mining adds, per query, a passage the base model ranks high that is not its answer, so training learns the fine distinctions search depends on. It costs one pass of the base model over the training split. ${MINING_MEASURED}`,
  },
  {
    id: 'semantic-similarity',
    title: 'Semantic similarity',
    oneLiner: 'Pairs of texts with a graded similarity score between 0 and 1.',
    explanation:
      'You have pairs of texts with a similarity score from 0 (unrelated) to 1 (same meaning). The model learns to order pairs by that score, and the evaluator checks how well cosine similarity correlates with the gold scores.',
    columns: [
      text('text1', 'The first text of the pair.'),
      text('text2', 'The second text of the pair.'),
      { role: 'score', kind: 'score', required: true, description: 'Similarity score, a float in [0, 1].' },
    ],
    losses: [
      { loss: 'CoSENTLoss', recommended: true, why: 'Learns the ordering of all pairs by score, a stronger signal than fitting each cosine, and converges faster than CosineSimilarityLoss.' },
      { loss: 'AnglELoss', recommended: false, why: 'CoSENT on angles, which avoids saturated gradients near cosine ±1; sometimes better, never much worse.' },
      { loss: 'CosineSimilarityLoss', recommended: false, why: 'The simplest: regress the cosine onto the score. Easy to reason about, usually weaker.' },
    ],
    evaluators: [
      { evaluator: 'EmbeddingSimilarityEvaluator', recommended: true, why: 'Spearman correlation between cosine similarity and the gold score is the standard STS metric.' },
    ],
    hyperparameters: { batch_size: 16, learning_rate: 2e-5, epochs: 4, warmup_ratio: 0.1, batch_sampler: 'batch_sampler' },
    examples: [
      { hub: 'sentence-transformers/stsb', split: 'train', columns: { text1: 'sentence1', text2: 'sentence2', score: 'score' }, rows: 5749, note: 'STS benchmark: 5.7k pairs with scores normalised to [0, 1].' },
    ],
  },
  {
    id: 'triplet',
    title: 'Triplets',
    oneLiner: 'An anchor, a text that matches it and a text that does not.',
    explanation:
      'Each row has an anchor, a positive that belongs with it and a negative that does not. The model learns to keep the positive closer than the negative; with in-batch negatives every other text in the batch helps too.',
    columns: [
      text('anchor', 'The reference text.'),
      text('positive', 'A text that matches the anchor.'),
      text('negative', 'A text that does not match the anchor.'),
    ],
    losses: [
      { loss: 'MultipleNegativesRankingLoss', recommended: true, why: 'Uses your negative and every other text in the batch as negatives: far more signal per step than one triplet. NO_DUPLICATES sampler.' },
      { loss: 'CachedMultipleNegativesRankingLoss', recommended: false, why: 'The same loss with gradient caching: a batch of 256+ (more negatives per example) in the memory of a small one. The first thing to try when memory is short, before a smaller batch. NO_DUPLICATES sampler.' },
      { loss: 'TripletLoss', recommended: false, why: 'Only the given negative counts, with a fixed margin; simple, but learns slower.' },
    ],
    evaluators: [
      { evaluator: 'TripletEvaluator', recommended: true, why: 'Directly measures how often the anchor is closer to the positive than to the negative.' },
      { evaluator: 'InformationRetrievalEvaluator', recommended: false, why: 'Retrieves each anchor\'s positive among all held-out texts: closer to search, costlier to run.' },
    ],
    hyperparameters: { batch_size: 64, learning_rate: 2e-5, epochs: 1, warmup_ratio: 0.1, batch_sampler: 'no_duplicates' },
    examples: [
      { hub: 'sentence-transformers/all-nli', subset: 'triplet', split: 'train', columns: { anchor: 'anchor', positive: 'positive', negative: 'negative' }, rows: 557850, note: 'SNLI + MultiNLI: premise, entailed hypothesis, contradiction (~557k triplets).' },
    ],
    hardNegatives: 'Your negatives were picked once, often at random. Mining adds, per anchor, the text the base model finds closest that is not its positive: with MultipleNegativesRankingLoss next to yours, with TripletLoss instead of yours. It costs one pass of the base model over the training split.',
  },
  {
    id: 'paraphrase-mining',
    title: 'Paraphrase mining',
    oneLiner: 'Pairs of texts that say the same thing; find more such pairs in a large collection.',
    explanation:
      'You have known paraphrase pairs and want a model that finds paraphrases among many texts (deduplication, clustering). The model learns from the pairs with in-batch negatives, and the evaluator mines all held-out texts for pairs and checks them against the known ones.',
    columns: [
      text('anchor', 'A text.'),
      text('positive', 'A paraphrase of it.'),
    ],
    losses: [
      { loss: 'MultipleNegativesRankingLoss', recommended: true, why: 'Positive pairs alone are enough: every other text in the batch is a negative. NO_DUPLICATES sampler.' },
      { loss: 'CachedMultipleNegativesRankingLoss', recommended: false, why: 'The same loss with gradient caching: a batch of 256+ (more negatives per example) in the memory of a small one. The first thing to try when memory is short, before a smaller batch. NO_DUPLICATES sampler.' },
    ],
    evaluators: [
      { evaluator: 'ParaphraseMiningEvaluator', recommended: true, why: 'Does what you will do in production: mine all pairs and score them against the known paraphrases (average precision).' },
      { evaluator: 'InformationRetrievalEvaluator', recommended: false, why: 'Ranks each text\'s paraphrase among the held-out texts; cheaper on large held-out sets.' },
    ],
    hyperparameters: { batch_size: 64, learning_rate: 2e-5, epochs: 1, warmup_ratio: 0.1, batch_sampler: 'no_duplicates' },
    examples: [
      { hub: 'sentence-transformers/quora-duplicates-mining', subset: 'duplicates', split: 'train', columns: { anchor: 'anchor', positive: 'positive' }, rows: 218000, note: 'Quora duplicate question pairs prepared for mining (check the column names on the Hub).' },
    ],
  },
];

const byId = new Map<string, TaskSpec>(TASKS.map((t) => [t.id, t]));

export function getTask(id: string): TaskSpec | undefined {
  return byId.get(id);
}

export const TASK_IDS: readonly TaskId[] = TASKS.map((t) => t.id);
