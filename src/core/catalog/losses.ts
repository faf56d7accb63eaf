import type { LossSpec } from './types';

const DOCS = 'https://sbert.net/docs/package_reference/sentence_transformer/losses.html#';

const scale = { name: 'scale', type: 'number', default: 20, min: 0.01, max: 1000, description: 'Inverse temperature applied to the similarities.' } as const;
const margin = { name: 'margin', type: 'number', default: 0.5, min: 0, max: 10, description: 'Distance by which dissimilar pairs are pushed apart.' } as const;

export const LOSSES: readonly LossSpec[] = [
  {
    name: 'OnlineContrastiveLoss', family: 'contrastive', needsGuideModel: false,
    summary: 'Contrastive loss on the hard pairs of each batch only: positives that are far apart and negatives that are close.',
    args: [margin], docs: `${DOCS}onlinecontrastiveloss`,
  },
  {
    name: 'ContrastiveLoss', family: 'contrastive', needsGuideModel: false,
    summary: 'Pulls labelled duplicates together and pushes non-duplicates beyond a margin, on every pair.',
    args: [margin, { name: 'size_average', type: 'boolean', default: true, description: 'Average the loss over the batch instead of summing.' }],
    docs: `${DOCS}contrastiveloss`,
  },
  {
    name: 'MultipleNegativesRankingLoss', family: 'mnrl', needsGuideModel: false,
    summary: 'Ranks the true positive above every other text in the batch (in-batch negatives); larger batches give more negatives.',
    args: [scale], docs: `${DOCS}multiplenegativesrankingloss`,
  },
  {
    name: 'CachedMultipleNegativesRankingLoss', family: 'mnrl', needsGuideModel: false,
    summary: 'MultipleNegativesRankingLoss with gradient caching: very large batches in constant GPU memory, at ~20% more compute.',
    args: [scale, { name: 'mini_batch_size', type: 'number', default: 32, min: 1, max: 4096, description: 'Texts embedded at once; lower it to save memory.' }],
    docs: `${DOCS}cachedmultiplenegativesrankingloss`,
  },
  {
    name: 'GISTEmbedLoss', family: 'mnrl', needsGuideModel: true,
    summary: 'In-batch negatives filtered by a guide model, so false negatives in the batch are not pushed away.',
    args: [
      { name: 'guide', type: 'string', description: 'The guide model (Hub id or path), e.g. BAAI/bge-small-en-v1.5.' },
      { name: 'temperature', type: 'number', default: 0.01, min: 0.0001, max: 10, description: 'Temperature of the similarity softmax.' },
    ],
    docs: `${DOCS}gistembedloss`,
  },
  {
    name: 'CoSENTLoss', family: 'cosent', needsGuideModel: false,
    summary: 'Orders all pairs of pairs by their gold score; a stronger training signal than regressing the cosine directly.',
    args: [scale], docs: `${DOCS}cosentloss`,
  },
  {
    name: 'AnglELoss', family: 'cosent', needsGuideModel: false,
    summary: 'CoSENT on angle differences in complex space, which avoids the vanishing gradients of cosine near its extremes.',
    args: [scale], docs: `${DOCS}angleloss`,
  },
  {
    name: 'CosineSimilarityLoss', family: 'cosine', needsGuideModel: false,
    summary: 'Regresses the cosine similarity of each pair onto its gold score with mean squared error. Simple, usually weaker than CoSENT.',
    args: [], docs: `${DOCS}cosinesimilarityloss`,
  },
  {
    name: 'TripletLoss', family: 'triplet', needsGuideModel: false,
    summary: 'Keeps the anchor closer to the positive than to the negative by a margin.',
    args: [{ name: 'triplet_margin', type: 'number', default: 5, min: 0, max: 100, description: 'Required gap between positive and negative distances.' }],
    docs: `${DOCS}tripletloss`,
  },
];

const byName = new Map(LOSSES.map((l) => [l.name, l]));

export function getLoss(name: string): LossSpec | undefined {
  return byName.get(name);
}
