import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsISO8601, IsString, Length, Matches } from 'class-validator';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const CODE = /^[A-Za-z0-9_]{1,32}$/;

/** An upstream record id as it may appear in a path or filter (C4C ObjectIDs are 32 hex chars). */
export function IsResourceId(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(ID, { message: '$property must be 1-64 characters of A-Z a-z 0-9 _ -' }),
  );
}

/** One code or category name (a C4C code, or a name the gateway maps to one). */
export function IsCode(what: string): PropertyDecorator {
  return applyDecorators(IsString(), Matches(CODE, { message: `$property must be ${what}` }));
}

/** `a,b,c` → ['a','b','c'], each a code or category name; at most 10. */
export function IsCodeList(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value,
    ),
    ArrayMaxSize(10),
    Matches(CODE, {
      each: true,
      message: '$property must be a comma-separated list of codes or names',
    }),
  );
}

/**
 * A whole number in decimal digits becomes a number; anything else (`abc`, `0x10`, `1e1`, a
 * repeated parameter) stays as sent, so that IsInt refuses it.
 */
export function ToInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value,
  );
}

/** Text with at least one character that is not white space. */
export function IsNotBlank(): PropertyDecorator {
  return Matches(/\S/, { message: '$property must not be blank' });
}

/** A single-line search text of 1-200 characters. */
export function IsSearchText(): PropertyDecorator {
  return applyDecorators(IsString(), Length(1, 200));
}

export function IsIsoDate(): PropertyDecorator {
  return applyDecorators(IsISO8601({ strict: true, strictSeparator: true }));
}
