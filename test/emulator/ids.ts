import { randomBytes, randomUUID } from 'node:crypto';

export const newGuid = (): string => randomUUID();

/** Exchange item ids are long opaque base64 strings starting with "AAMk"; clients must not parse them. */
export function newItemId(): string {
  return `AAMkAG${randomBytes(33).toString('base64url')}AAA=`;
}

/** changeKey is a base64 string; the event's @odata.etag is W/"<changeKey>". */
export function newChangeKey(): string {
  return randomBytes(12).toString('base64');
}

export const newOpaqueToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
