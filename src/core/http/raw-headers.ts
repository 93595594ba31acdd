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

/**
 * Whether the header `name` (lower case) was sent more than once, scanning the raw list only when
 * a repeat is possible: Node joins a repeated header into one value with ", " (so a value without
 * a comma was sent once), except `Authorization`, of which it keeps only the first.
 */
export function sentMoreThanOnce(
  value: string | string[] | undefined,
  rawHeaders: readonly string[],
  name: string,
): boolean {
  if (value === undefined) {
    return false;
  }
  const mayRepeat = name === 'authorization' || typeof value !== 'string' || value.includes(',');
  return mayRepeat && headerCount(rawHeaders, name) > 1;
}
