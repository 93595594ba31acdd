/** A trimmed non-empty string, or null: the normalized model never carries "" or undefined. */
export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value !== 'string') {
    return null;
  }
  return value.trim() === '' ? null : value;
}
