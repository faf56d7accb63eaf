/** The files a synthesize step writes beside its `out` (absolute paths in, absolute paths out). */
export interface SynthOutputs {
  out: string;
  /** The frozen test questions (held-out documents), unless dataset.eval holds real ones. */
  test: string;
  /** Every chunk once: the retrieval corpus. */
  chunks: string;
  /** The test documents and the test file's hash. */
  manifest: string;
  /** The dropped queries with the filter's verdict (for review). */
  dropped: string;
}

export function synthOutputs(out: string): SynthOutputs {
  const stem = out.replace(/\.jsonl$/i, '');
  return { out, test: `${stem}.test.jsonl`, chunks: `${stem}.chunks.jsonl`, manifest: `${stem}.manifest.json`, dropped: `${stem}.dropped.jsonl` };
}
