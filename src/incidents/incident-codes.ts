export const STATUS_CATEGORIES = ['open', 'in_progress', 'completed', 'closed', 'unknown'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

export const PRIORITY_LEVELS = ['immediate', 'urgent', 'normal', 'low', 'unknown'] as const;
export type PriorityLevel = (typeof PRIORITY_LEVELS)[number];

/** C4C ServiceRequestLifeCycleStatusCode → category, with the standard C4C names. */
export const KNOWN_STATUSES: Record<string, { category: StatusCategory; name: string }> = {
  '1': { category: 'open', name: 'Open' },
  '2': { category: 'in_progress', name: 'In Process' },
  '3': { category: 'completed', name: 'Completed' },
  '4': { category: 'closed', name: 'Closed' },
};

/** C4C ServicePriorityCode → level. */
export const KNOWN_PRIORITIES: Record<string, { level: PriorityLevel; name: string }> = {
  '1': { level: 'immediate', name: 'Immediate' },
  '2': { level: 'urgent', name: 'Urgent' },
  '3': { level: 'normal', name: 'Normal' },
  '7': { level: 'low', name: 'Low' },
};

/**
 * The category and level that stand for every code outside the known ones. They can be read and
 * filtered on, never written: they name no code.
 */
export const UNLISTED = 'unknown';

export function statusCategory(code: string): StatusCategory {
  return KNOWN_STATUSES[code]?.category ?? 'unknown';
}

export function priorityLevel(code: string): PriorityLevel {
  return KNOWN_PRIORITIES[code]?.level ?? 'unknown';
}

/** Status codes for a filter or write value given as a category or a code. */
export function statusCodesFor(value: string): string[] {
  const byCategory = Object.entries(KNOWN_STATUSES).filter(([, s]) => s.category === value);
  return byCategory.length > 0 ? byCategory.map(([code]) => code) : [value];
}

/** The priority code for a level or a code. */
export function priorityCodeFor(value: string): string {
  return Object.entries(KNOWN_PRIORITIES).find(([, p]) => p.level === value)?.[0] ?? value;
}
