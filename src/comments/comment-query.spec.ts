import { commentOrderBy, commentWhere } from './comment-query.js';

describe(commentWhere.name, () => {
  it('should leave the list unfiltered without types', () => {
    expect(commentWhere(undefined)).toBeUndefined();
  });

  it('should turn type names and codes into one TypeCode IN list without repeats', () => {
    expect(commentWhere(['reply_to_customer', 'internal_note', '10011', 'Z900'])?.text).toBe(
      "TypeCode IN ('10007', '10011', 'Z900')",
    );
    expect(commentWhere(['description'])?.text).toBe("TypeCode = '10004'");
  });

  it('should refuse other, which names no code', () => {
    expect(() => commentWhere(['description', 'other'])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe(commentOrderBy.name, () => {
  it.each<[Parameters<typeof commentOrderBy>[0], string]>([
    [undefined, 'CreatedOn asc'],
    ['createdAt', 'CreatedOn asc'],
    ['-createdAt', 'CreatedOn desc'],
    ['updatedAt', 'UpdatedOn asc'],
    ['-updatedAt', 'UpdatedOn desc'],
  ])('should sort %s as %s', (sort, orderBy) => {
    expect(commentOrderBy(sort)).toBe(orderBy);
  });
});
