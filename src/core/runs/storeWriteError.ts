/**
 * A write into the run store that failed (disk full, folder removed, read-only mount): what the
 * user must be told, with the file and the OS error, instead of losing the run's record quietly.
 */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';

  constructor(
    /** The file that could not be written. */
    readonly path: string,
    /** The OS error code (ENOSPC, EACCES, EROFS, ...), when there is one. */
    readonly code: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The OS error's own text, e.g. "ENOSPC: no space left on device, write". */
export function osErrorText(err: unknown): { code: string | undefined; text: string } {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
  return { code, text: err instanceof Error ? err.message : String(err) };
}

export type StoreWriteErrorHandler = (error: StoreWriteError) => void;
