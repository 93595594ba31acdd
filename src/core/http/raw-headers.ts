/**
 * How many times the request carried the header `name` (lower case), from Node's raw list of
 * names and values. The parsed headers cannot tell: Node keeps only the first `Authorization` and
 * joins a repeated `X-…` header into one value with ", ".
 */
export function headerCount(rawHeaders: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const candidate = rawHeaders[i];
    if (candidate?.length === name.length && candidate.toLowerCase() === name) {
      count++;
    }
  }
  return count;
}
