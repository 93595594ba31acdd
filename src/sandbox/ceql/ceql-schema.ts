/** How a field's values compare: dates are epoch milliseconds compared with ISO literals. */
export type CeqlFieldKind = 'string' | 'number' | 'date' | 'boolean';

/** Field path (dots for nesting, e.g. `Name.content`) to its kind; unknown fields are errors. */
export type CeqlSchema = ReadonlyMap<string, CeqlFieldKind>;

const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO 8601 literal as UTC unless it names an offset; NaN when it is not ISO. */
export function parseIsoDate(text: string): number {
  const match = ISO_DATE.exec(text.trim());
  if (!match) {
    return Number.NaN;
  }
  const [, day, time = '00:00', seconds = '00', fraction = '', zone = 'Z'] = match;
  const millis = fraction ? fraction.slice(0, 4).padEnd(4, '0') : '';
  const offset = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  return Date.parse(`${day}T${time}:${seconds}${millis}${offset}`);
}

/** Compiles a dotted path into a reader; a missing step reads as null. */
export function fieldReader(path: string): (record: unknown) => unknown {
  const steps = path.split('.');
  return (record) => {
    let value: unknown = record;
    for (const step of steps) {
      if (value === null || typeof value !== 'object') {
        return null;
      }
      value = (value as Record<string, unknown>)[step];
    }
    return value ?? null;
  };
}
