/** An error the sandbox answers with Cloud Elements' `{requestId, message}` body. */
export class SandboxHttpError extends Error {
  /** The provider's own text, which CE adds for errors that SAP raised. */
  providerMessage?: string;

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

/** A write SAP C4C itself refuses (bad code, dangling business key): CE passes its text along. */
export function providerRejection(message: string, providerMessage: string): SandboxHttpError {
  const error = new SandboxHttpError(400, message);
  error.providerMessage = providerMessage;
  return error;
}
