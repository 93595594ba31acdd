const ODATA_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/**
 * Any date form the upstream uses — epoch milliseconds (number or digits), OData `/Date(ms)/`,
 * or ISO 8601 — as an ISO 8601 UTC string; null when missing or unreadable.
 */
export function toIsoDate(value: unknown): string | null {
  const ms = toEpochMs(value);
  return ms === null ? null : new Date(ms).toISOString();
}

export function toEpochMs(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? checked(value) : null;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return null;
  }
  const text = value.trim();
  const odata = ODATA_DATE.exec(text);
  if (odata) {
    // The offset in /Date(ms+0100)/ is informational: ms is already UTC.
    return checked(Number(odata[1]));
  }
  if (/^-?\d+$/.test(text)) {
    return checked(Number(text));
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) {
    return null;
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : checked(parsed);
}

function checked(ms: number): number | null {
  return Math.abs(ms) <= 8.64e15 ? ms : null;
}

/** The CEQL date literal form that sapc4chd accepts: `yyyy-MM-ddTHH:mm:ssZ`. */
export function toCeqlDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
