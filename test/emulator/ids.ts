import { randomBytes, randomUUID } from 'node:crypto';

export const newGuid = (): string => randomUUID();

/** Exchange item ids are long opaque base64 strings starting with "AAMk"; clients must not parse them. */
export function newItemId(): string {
  return `AAMkAG${randomBytes(33).toString('base64url')}AAA=`;
}

/**
 * Whether a string could be an Exchange item id at all: base64 (either alphabet, '=' padding),
 * optionally with the ".yyyyMMddTHHmmss" an occurrence id carries here. Anything else is answered
 * 400 ErrorInvalidIdMalformed, as Graph does, before the store is looked at.
 */
export function isWellFormedItemId(id: string): boolean {
  return /^AAMk[A-Za-z0-9+/_-]+={0,2}(\.\d{8}T\d{6})?$/.test(id);
}

/** changeKey is a base64 string; the event's @odata.etag is W/"<changeKey>". */
export function newChangeKey(): string {
  return randomBytes(12).toString('base64');
}

export const newOpaqueToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
