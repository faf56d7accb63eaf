/** Typed, user-facing errors of the Modal backend (never a raw gRPC stack). */

export type ModalAuthReason = 'missing' | 'rejected';

/** No Modal token, or Modal refused it. The message tells the user to sign in. */
export class ModalAuthError extends Error {
  override readonly name = 'ModalAuthError';
  constructor(
    readonly reason: ModalAuthReason,
    readonly detail?: string,
  ) {
    super(
      reason === 'missing'
        ? 'Sign in to Modal to launch runs: no Modal token was found (run "Sign in to Modal", or set MODAL_TOKEN_ID and MODAL_TOKEN_SECRET, or create ~/.modal.toml with `modal token new`).'
        : 'Sign in to Modal again: Modal rejected the token (it may have been revoked, or the token id and secret do not match).',
    );
  }
}

/** A launch request the backend refuses before contacting Modal (size limits, missing files). */
export class LaunchInputError extends Error {
  override readonly name = 'LaunchInputError';
}

/** Modal answered with an error while preparing or starting the run. */
export class ModalLaunchError extends Error {
  override readonly name = 'ModalLaunchError';
  constructor(
    message: string,
    readonly grpcCode?: number,
  ) {
    super(message);
  }
}

/** gRPC status codes we act on. */
export const GrpcCode = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** The status code of a nice-grpc ClientError (duck-typed: `modal` is loaded lazily). */
export function grpcCodeOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; code?: unknown };
  return e.name === 'ClientError' && typeof e.code === 'number' ? e.code : undefined;
}

/** Modal no longer knows the object (a sandbox that ended long ago, or never existed). */
export function isGoneError(err: unknown): boolean {
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  return grpcCodeOf(err) === GrpcCode.NOT_FOUND || name === 'NotFoundError';
}

/** Modal refused the token: retrying cannot help. */
export function isAuthError(err: unknown): boolean {
  const code = grpcCodeOf(err);
  return code === GrpcCode.UNAUTHENTICATED || code === GrpcCode.PERMISSION_DENIED;
}

function detailOf(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { details?: unknown; message?: unknown };
    if (typeof e.details === 'string' && e.details) return e.details;
    if (typeof e.message === 'string') return e.message;
  }
  return String(err);
}

/** Maps anything thrown by the SDK to one of our typed errors. `step` names what we were doing. */
export function toModalError(err: unknown, step: string): Error {
  if (err instanceof ModalAuthError || err instanceof LaunchInputError || err instanceof ModalLaunchError) return err;
  const code = grpcCodeOf(err);
  const detail = detailOf(err);
  if (isAuthError(err)) return new ModalAuthError('rejected', detail);
  if (/missing credentials/i.test(detail)) return new ModalAuthError('missing', detail);
  if (code === GrpcCode.UNAVAILABLE) return new ModalLaunchError(`Could not reach Modal while ${step}: ${detail}`, code);
  if (isGoneError(err)) return new ModalLaunchError(`Modal could not find what we asked for while ${step}: ${detail}`, code);
  return new ModalLaunchError(`Modal failed while ${step}: ${detail}`, code);
}
