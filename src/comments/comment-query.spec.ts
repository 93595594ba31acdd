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

  it('should turn other into != on each named code, a missing TypeCode matching as it reads as other', () => {
    expect(commentWhere(['other'])?.text).toBe(
      "(TypeCode != '10004') AND (TypeCode != '10007') AND (TypeCode != '10008') AND (TypeCode != '10011')",
    );
  });

  it('should combine other with names and codes by leaving those out of the != chain', () => {
    expect(commentWhere(['description', 'other', '10011', 'Z900'])?.text).toBe(
      "(TypeCode != '10007') AND (TypeCode != '10008')",
    );
  });

  it('should leave the list unfiltered when every type is asked for', () => {
    expect(
      commentWhere([
        'other',
        'description',
        'reply_to_customer',
        'reply_from_customer',
        'internal_note',
      ]),
    ).toBeUndefined();
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
