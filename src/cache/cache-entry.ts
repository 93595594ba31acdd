/** A stored GET response: the serialized body plus what decides whether it may still be served. */
export interface CacheEntry {
  status: 200 | 404;
  /** JSON text of the body (200), or the problem detail (404). */
  body: string;
  etag: string;
  storedAt: number;
  /** Served as a hit until then. */
  freshUntil: number;
  /** Served stale (refreshing in the background) until then. */
  revalidateUntil: number;
  /** Served stale only when the upstream fails, until then; the key expires with it. */
  staleUntil: number;
  /** The generations of the entry's scopes when its load began; a bump since makes it invalid. */
  gens: number[];
}

type EntryMeta = Omit<CacheEntry, 'body'>;

/** `<meta JSON>\n<body>`: a hit parses only the small first line, never the body. */
export function encodeEntry(entry: CacheEntry): string {
  const { body, ...meta } = entry;
  return `${JSON.stringify(meta)}\n${body}`;
}

export function decodeEntry(text: string | null | undefined): CacheEntry | undefined {
  if (!text) {
    return undefined;
  }
  const newline = text.indexOf('\n');
  if (newline < 0) {
    return undefined;
  }
  try {
    const meta = JSON.parse(text.slice(0, newline)) as EntryMeta;
    if (typeof meta.storedAt !== 'number' || !Array.isArray(meta.gens)) {
      return undefined;
    }
    return { ...meta, body: text.slice(newline + 1) };
  } catch {
    return undefined;
  }
}

export function sameGenerations(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
