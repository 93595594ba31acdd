import { DESCRIPTION_TYPE_CODE } from './upstream-comment.js';

export const COMMENT_TYPES = [
  'description',
  'reply_to_customer',
  'reply_from_customer',
  'internal_note',
  'other',
] as const;
export type CommentType = (typeof COMMENT_TYPES)[number];

/** `other` stands for every code not listed, so it names no single code to write or filter on. */
export const UNMAPPED_COMMENT_TYPE = 'other';

export const DEFAULT_COMMENT_TYPE: CommentType = 'reply_to_customer';

/** C4C ServiceRequestDescription TypeCode of each named type. */
const TYPE_CODES: Record<Exclude<CommentType, 'other'>, string> = {
  description: DESCRIPTION_TYPE_CODE,
  reply_to_customer: '10007',
  reply_from_customer: '10008',
  internal_note: '10011',
};

export function commentType(code: string | null): CommentType {
  const entry = Object.entries(TYPE_CODES).find(([, known]) => known === code);
  return entry ? (entry[0] as CommentType) : 'other';
}

/** The TypeCode for a type name or a code; undefined for `other`, which has none. */
export function commentTypeCodeFor(value: string): string | undefined {
  if (value === UNMAPPED_COMMENT_TYPE) {
    return undefined;
  }
  return TYPE_CODES[value as keyof typeof TYPE_CODES] ?? value;
}
