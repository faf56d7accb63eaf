/** "Copy code": the exact Python that loads this run's model and encodes with it. */
import { isSymmetricTask } from '../catalog/modelFamilies';
import type { RunModel } from './runModel';

/** Two texts of the kind the task compares, so the printed similarity means something. */
function sampleTexts(task: string | null): [string, string] {
  if (task === 'information-retrieval') return ['How do I reset my password?', 'Open Settings > Account > Reset password and follow the emailed link.'];
  return ['How do I reset my password?', 'What are the steps to change my password?'];
}

/** Text for a `#` comment: a line break in a run id or a base model name would end the comment and run the rest. */
function commentText(text: string): string {
  return text.replace(/[\r\n\f\v\u0085\u2028\u2029]+/g, ' ');
}

/**
 * `path` is where the model is (or will be, after a download); a Hub id wins when the run pushed
 * one. JSON string literals are valid Python string literals, so any path stays exact.
 */
export function modelCode(m: RunModel, path: string | null): string | null {
  const where = m.hubId ?? path;
  if (!where) return null;
  const [a, b] = sampleTexts(m.task);
  const note = commentText(m.hubId ? `# The fine-tuned model of run ${m.runId}, on the Hugging Face Hub.` : m.location === 'volume'
    ? `# The fine-tuned model of run ${m.runId}, once downloaded from the Modal volume ("Download model").`
    : `# The fine-tuned model of run ${m.runId} (base: ${m.baseModel ?? 'unknown'}).`);
  const head = ['from sentence_transformers import SentenceTransformer', '', note, `model = SentenceTransformer(${JSON.stringify(where)})`];
  if (m.task && !isSymmetricTask(m.task)) {
    // Queries and documents get the prompts the model was trained with (saved in its config).
    return [
      ...head,
      '# encode_query / encode_document prepend the query and document prompts the model was trained with.',
      `queries = model.encode_query([${JSON.stringify(a)}])`,
      `documents = model.encode_document([${JSON.stringify(b)}])`,
      'print(model.similarity(queries, documents))',
      '',
    ].join('\n');
  }
  return [
    ...head,
    '# encode() applies the default prompt the model was trained with, if it has one.',
    `embeddings = model.encode([${JSON.stringify(a)}, ${JSON.stringify(b)}])`,
    'print(embeddings.shape)',
    'print(model.similarity(embeddings[0], embeddings[1]))',
    '',
  ].join('\n');
}
