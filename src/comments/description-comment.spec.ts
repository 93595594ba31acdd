import { descriptionTypeChangeError, secondDescriptionError } from './description-comment.js';

describe(descriptionTypeChangeError.name, () => {
  it.each(['10007', '10008', '10011', 'Z900'])(
    'should refuse changing the description comment to TypeCode %s',
    (next) => {
      expect(descriptionTypeChangeError('10004', next)).toEqual(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          errors: [{ field: 'type', message: expect.stringContaining('description') }],
        }),
      );
    },
  );

  it.each<[string | null | undefined, string]>([
    ['10004', '10004'],
    ['10007', '10011'],
    ['Z900', '10007'],
    [null, '10008'],
    [undefined, '10004'],
    ['10011', '10004'],
  ])('should let a comment of TypeCode %s become %s', (current, next) => {
    expect(descriptionTypeChangeError(current, next)).toBeUndefined();
  });
});

describe(secondDescriptionError.name, () => {
  it('should name the field type and the existing description comment', () => {
    expect(secondDescriptionError('INC1', 'C9')).toEqual(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        detail: expect.stringContaining('INC1'),
        errors: [{ field: 'type', message: expect.stringContaining('C9') }],
      }),
    );
  });
});
