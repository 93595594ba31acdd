/** The lookup routes under `/v1`: the controller serves them, and writes check codes against them. */
export const LOOKUP_ROUTES = {
  statuses: 'incident-statuses',
  priorities: 'incident-priorities',
} as const;

export type LookupList = keyof typeof LOOKUP_ROUTES;
