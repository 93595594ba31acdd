import type { Multipart, MultipartFile } from '@fastify/multipart';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash, type Hash } from 'node:crypto';
import { ErrorCode } from '../core/errors/error-code.js';
import { GatewayError } from '../core/errors/gateway.error.js';
import { safeMediaType } from './attachment.mapper.js';

/** The form field that carries the file. */
export const FILE_FIELD = 'file';

const MAX_FILE_NAME_LENGTH = 255;

declare module 'fastify' {
  interface FastifyRequest {
    /** Digest of the whole upload (name, type, bytes), once its last byte was read. */
    uploadDigest?: string;
  }
}
const CONTROL = /\p{Cc}/gu;

export interface UploadedFile {
  fileName: string;
  mimeType: string;
  /**
   * The file's bytes as they arrive, read once. Iterating fails with a GatewayError when the
   * upload breaks a rule (too large, a part after the file), even after the last byte of the file.
   */
  content: AsyncIterable<Buffer>;
}

/**
 * The one `file` part of a multipart request, streamed: nothing is buffered or written to disk.
 * A rule broken before the file starts fails `file()`; one broken later fails the iteration of
 * `content`, before it ends, so whatever reads it never mistakes a cut-off upload for a whole one.
 */
export class FileUpload {
  constructor(private readonly request: FastifyRequest) {}

  async file(maxBytes: number): Promise<UploadedFile> {
    if (!this.request.isMultipart()) {
      throw new GatewayError(
        ErrorCode.UnsupportedMediaType,
        'Attachments are uploaded as multipart/form-data, with the file in the part "file"',
      );
    }
    try {
      const parts = this.request.parts();
      const first = await next(parts);
      if (first.done) {
        throw invalid(`The multipart body has no part "${FILE_FIELD}"`, FILE_FIELD, 'is required');
      }
      const part = first.value;
      if (part.type !== 'file' || part.fieldname !== FILE_FIELD) {
        throw unexpectedPart(part.fieldname);
      }
      const fileName = fileNameOf(part);
      const mimeType = safeMediaType(part.mimetype);
      const digest = createHash('sha256').update(`${fileName}\n${mimeType}\n`);
      return { fileName, mimeType, content: this.content(part, parts, maxBytes, digest) };
    } catch (error) {
      this.discardRest();
      throw error;
    }
  }

  /**
   * Reads the whole upload, under the same rules, only for its digest: a repeat of an
   * Idempotency-Key whose first request was an upload is the same request only with the same file.
   */
  async digest(maxBytes: number): Promise<string> {
    const file = await this.file(maxBytes);
    for await (const chunk of file.content) {
      void chunk;
    }
    return this.request.uploadDigest ?? '';
  }

  private async *content(
    part: MultipartFile,
    parts: AsyncIterator<Multipart>,
    maxBytes: number,
    digest: Hash,
  ): AsyncGenerator<Buffer> {
    let complete = false;
    try {
      for await (const chunk of fileChunks(part, maxBytes)) {
        digest.update(chunk);
        yield chunk;
      }
      const rest = await next(parts);
      if (!rest.done) {
        throw unexpectedPart(rest.value.fieldname);
      }
      complete = true;
      this.request.uploadDigest = digest.digest('base64url');
    } finally {
      // Failed, or stopped by its reader (the upstream call failed): the rest is not wanted.
      if (!complete) {
        this.discardRest();
      }
    }
  }

  /**
   * Reads what is left of the request and throws it away, so the client can finish sending and
   * read the answer; with `Connection: close` the socket goes as soon as the answer is out.
   */
  private discardRest(): void {
    this.request.raw.unpipe();
    this.request.raw.resume();
  }
}

/** `@Upload() upload: FileUpload` — the request's upload, read by the service when it is ready. */
export const Upload = createParamDecorator(
  (_data: unknown, context: ExecutionContext): FileUpload =>
    new FileUpload(context.switchToHttp().getRequest<FastifyRequest>()),
);

async function* fileChunks(part: MultipartFile, maxBytes: number): AsyncGenerator<Buffer> {
  let size = 0;
  try {
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      size += chunk.length;
      // The parser cuts a file at the limit and flags it before the last chunk is read.
      if (part.file.truncated || size > maxBytes) {
        throw tooLarge(maxBytes);
      }
      yield chunk;
    }
  } catch (error) {
    throw translate(error);
  }
  if (part.file.truncated) {
    throw tooLarge(maxBytes);
  }
}

async function next(parts: AsyncIterator<Multipart>): Promise<IteratorResult<Multipart>> {
  try {
    return await parts.next();
  } catch (error) {
    throw translate(error);
  }
}

function fileNameOf(part: MultipartFile): string {
  const name = (part.filename ?? '').replace(CONTROL, '').trim();
  if (name === '') {
    throw invalid('The file part has no file name', FILE_FIELD, 'needs a file name');
  }
  if ([...name].length > MAX_FILE_NAME_LENGTH) {
    throw invalid(
      'The file name is too long',
      FILE_FIELD,
      `file name must be at most ${MAX_FILE_NAME_LENGTH} characters`,
    );
  }
  return name;
}

/** Errors of `@fastify/multipart` and its parser, by code; anything else is a malformed body. */
function translate(error: unknown): GatewayError {
  if (error instanceof GatewayError) {
    return error;
  }
  switch ((error as { code?: unknown } | null)?.code) {
    case 'FST_FILES_LIMIT':
      return invalid(
        'Only one file may be uploaded at a time',
        FILE_FIELD,
        'must be the only file',
      );
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return invalid('The multipart body has too many parts', FILE_FIELD, 'must be the only part');
    case 'FST_REQ_FILE_TOO_LARGE':
      return new GatewayError(ErrorCode.PayloadTooLarge, 'The file is larger than allowed', {
        headers: CLOSE,
      });
    default:
      return invalid(
        'The multipart body is malformed or incomplete',
        FILE_FIELD,
        'could not be read',
      );
  }
}

/** The client may still be sending: the connection is closed after the answer (as Fastify does). */
const CLOSE = { connection: 'close' };

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError(
    ErrorCode.PayloadTooLarge,
    `The file is larger than the limit of ${maxBytes} bytes`,
    { headers: CLOSE },
  );
}

function unexpectedPart(name: string): GatewayError {
  return invalid(
    `Unexpected part "${name}": send only the file, in the part "${FILE_FIELD}"`,
    name,
    `is not allowed; the only part is "${FILE_FIELD}"`,
  );
}

function invalid(detail: string, field: string, message: string): GatewayError {
  return new GatewayError(ErrorCode.ValidationFailed, detail, {
    errors: [{ field, message }],
    headers: CLOSE,
  });
}
