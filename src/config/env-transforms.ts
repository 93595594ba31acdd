/*
 * Environment values are strings: these turn the well-formed ones into numbers and booleans before
 * class-validator runs, and leave anything else as it is so the validation message names the variable.
 */
type TransformArgs = { value: unknown };

export const toInt = ({ value }: TransformArgs): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

export const toNumber = ({ value }: TransformArgs): unknown =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;

export const toBoolean = ({ value }: TransformArgs): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalized)) {
    return true;
  }
  return ['false', '0', 'no'].includes(normalized) ? false : value;
};

export const emptyToUndefined = ({ value }: TransformArgs): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
