import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation-pipe.js';

function failed(
  property: string,
  constraints: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return { property, constraints, children };
}

describe(flattenValidationErrors.name, () => {
  it('should report a wrong type alone, not the range checks that cannot apply', () => {
    const errors = [
      failed('limit', {
        max: 'limit must not be greater than 100',
        min: 'limit must not be less than 1',
        isInt: 'limit must be an integer number',
      }),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'limit', message: 'must be an integer number' },
    ]);
  });

  it('should report a missing value alone', () => {
    const errors = [
      failed('subject', {
        isLength: 'subject must be longer than or equal to 1 characters',
        isString: 'subject must be a string',
        isDefined: 'subject should not be null or undefined',
      }),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'subject', message: 'should not be null or undefined' },
    ]);
  });

  it('should report every failed check of a value of the right type, with nested paths', () => {
    const errors = [
      failed('q', {
        isLength: 'q must be shorter than or equal to 200 characters',
        matches: 'q must not be blank',
      }),
      failed('items', {}, [
        failed('0', {}, [failed('name', { isString: 'name must be a string' })]),
      ]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'q', message: 'must be shorter than or equal to 200 characters' },
      { field: 'q', message: 'must not be blank' },
      { field: 'items[0].name', message: 'must be a string' },
    ]);
  });
});
