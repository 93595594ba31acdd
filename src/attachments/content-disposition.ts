const MAX_FILE_NAME_CODE_POINTS = 255;
const FALLBACK_FILE_NAME = 'attachment';

/** C0/C1 controls (CR and LF among them), quotes, backslashes and bidi overrides that disguise names. */
const UNSAFE = /[\p{Cc}"\\\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A file name safe to put in a header: unsafe characters removed, path separators replaced,
 * at most 255 code points (the extension kept), never empty.
 */
export function safeFileName(name: string | null | undefined): string {
  const cleaned = (name ?? '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(UNSAFE, '')
    .replace(/[/]/g, '_')
    .trim();
  const codePoints = [...cleaned];
  if (codePoints.length === 0) {
    return FALLBACK_FILE_NAME;
  }
  if (codePoints.length <= MAX_FILE_NAME_CODE_POINTS) {
    return cleaned;
  }
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 16 ? [...cleaned.slice(dot)] : [];
  return [...codePoints.slice(0, MAX_FILE_NAME_CODE_POINTS - extension.length), ...extension].join(
    '',
  );
}

/**
 * `filename="<ascii>"; filename*=UTF-8''<percent-encoded>` (RFC 6266, RFC 8187): clients that
 * read the extended form get the real name, the others an ASCII look-alike.
 */
export function fileNameParameters(name: string | null | undefined): string {
  const safe = safeFileName(name);
  return `filename="${asciiFallback(safe)}"; filename*=UTF-8''${encodeExtended(safe)}`;
}

/** The Content-Disposition of a download. */
export function attachmentDisposition(name: string | null | undefined): string {
  return `attachment; ${fileNameParameters(name)}`;
}

function asciiFallback(name: string): string {
  // Accents are dropped rather than replaced (é → e); `%` is replaced, as some clients decode it.
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\u0020-\u007e]|%/g, '_');
}

function encodeExtended(name: string): string {
  return encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
