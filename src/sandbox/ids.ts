import { randomBytes } from 'node:crypto';

const processPart = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

/** 24 hex characters shaped like a MongoDB ObjectId, as Cloud Elements request ids are. */
export function newRequestId(): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return seconds + processPart + counter.toString(16).padStart(6, '0');
}

/** Element tokens look like base64 of 32 random bytes. */
export function newElementToken(): string {
  return randomBytes(32).toString('base64');
}
