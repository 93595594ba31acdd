/** An error the sandbox answers with Cloud Elements' `{requestId, message}` body. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SandboxHttpError';
  }
}

export function badRequest(message: string): SandboxHttpError {
  return new SandboxHttpError(400, message);
}

export function notFound(message: string): SandboxHttpError {
  return new SandboxHttpError(404, message);
}
