export interface RecordedRequest {
  /** ISO time the request arrived. */
  at: string;
  method: string;
  /** Path after /elements/api-v2, without the query string. */
  path: string;
  routeTemplate: string;
  instanceId?: string;
  query: Record<string, string>;
  where?: string;
  whereAst?: unknown;
  /** Parsed JSON, or for multipart `{fields, file: {filename, mimeType, size}}`. */
  body?: unknown;
  /** Lower-case names; the authorization value is "[redacted]". */
  headers: Record<string, string>;
  /** 0 when no answer was sent (hang, reset, client gone). */
  status: number;
  /** The Elements-Request-Id the sandbox answered with. */
  elementsRequestId: string;
}

/** A ring of the most recent requests, oldest first when listed. */
export class RequestLog {
  private entries: RecordedRequest[] = [];
  private next = 0;

  constructor(private readonly capacity = 1000) {}

  add(entry: RecordedRequest): void {
    if (this.entries.length < this.capacity) {
      this.entries.push(entry);
    } else {
      this.entries[this.next] = entry;
    }
    this.next = (this.next + 1) % this.capacity;
  }

  list(): RecordedRequest[] {
    const ordered =
      this.entries.length < this.capacity
        ? this.entries
        : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    return structuredClone(ordered);
  }

  clear(): void {
    this.entries = [];
    this.next = 0;
  }
}
