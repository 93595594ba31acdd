import type { Sort } from '../core/pagination/list-query.dto.js';

/** Attachments are never changed, only added and deleted: both sorts read their creation time. */
export function attachmentOrderBy(sort: Sort = 'createdAt'): string {
  return `CreatedOn ${sort.startsWith('-') ? 'desc' : 'asc'}`;
}
