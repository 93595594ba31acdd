const JSON_RANGES = new Set([
  '*/*',
  'application/*',
  'application/json',
  'application/problem+json',
]);

/** True unless the Accept header rules out JSON (absent or empty means anything goes). */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept || accept === 'application/json' || accept === '*/*' || accept.trim() === '') {
    return true;
  }
  return accept.split(',').some((part) => {
    const [range = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return JSON_RANGES.has(range) && (q === undefined || Number(q.slice(2)) > 0);
  });
}
