import { DESCRIPTION_TYPE_CODE } from './upstream-comment.js';

export const COMMENT_TYPES = [
  'description',
  'reply_to_customer',
  'reply_from_customer',
  'internal_note',
  'other',
] as const;
export type CommentType = (typeof COMMENT_TYPES)[number];

/** `other` stands for every code not listed, so it names no single code to write. */
export const UNMAPPED_COMMENT_TYPE = 'other';

export const DEFAULT_COMMENT_TYPE: CommentType = 'reply_to_customer';

/** C4C ServiceRequestDescription TypeCode of each named type. */
const TYPE_CODES: Record<Exclude<CommentType, 'other'>, string> = {
  description: DESCRIPTION_TYPE_CODE,
  reply_to_customer: '10007',
  reply_from_customer: '10008',
  internal_note: '10011',
};

/** The TypeCodes of the named types; any other code reads as `other`. */
export const NAMED_TYPE_CODES: readonly string[] = Object.values(TYPE_CODES);

/**
 * What a write may give as `type`: a named type or its TypeCode. Never `other`, which names no
 * code, nor any other code: it would be written as given and read back as `other`, so a typo
 * would pass unnoticed and change what the comment is.
 */
export const WRITABLE_COMMENT_TYPES: readonly string[] = [
  ...Object.keys(TYPE_CODES),
  ...NAMED_TYPE_CODES,
];

/** The rule for `type` in a comment write, as the DTOs and the write mapper enforce it. */
export const WRITABLE_TYPE_MESSAGE =
  'must be description, reply_to_customer, reply_from_customer or internal_note, or their TypeCode (10004, 10007, 10008, 10011); "other" names no TypeCode';

export function commentType(code: string | null): CommentType {
  const entry = Object.entries(TYPE_CODES).find(([, known]) => known === code);
  return entry ? (entry[0] as CommentType) : 'other';
}

/** The TypeCode of a named type; any other value (not `other`) is taken as a code. */
export function commentTypeCodeFor(value: string): string {
  return TYPE_CODES[value as keyof typeof TYPE_CODES] ?? value;
}

/** The TypeCode a write of `type` sends; undefined for anything not in WRITABLE_COMMENT_TYPES. */
export function writableTypeCode(type: string): string | undefined {
  return WRITABLE_COMMENT_TYPES.includes(type) ? commentTypeCodeFor(type) : undefined;
}
