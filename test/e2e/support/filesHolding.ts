import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files under `dir` holding `value` in any way it could be written down: as is, as UTF-16, as
 * base64, or in one of the `alsoAs` forms (each searched as is and as base64).
 */
export function filesHolding(dir: string, value: string, alsoAs: string[] = []): string[] {
  const forms = [value, ...alsoAs];
  const needles = [
    ...forms.map((form) => Buffer.from(form, 'utf8')),
    ...forms.map((form) => Buffer.from(Buffer.from(form).toString('base64'))),
    Buffer.from(value, 'utf16le'),
  ];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(dir, file)).isFile())
    .filter((file) => {
      const bytes = readFileSync(join(dir, file));
      return needles.some((needle) => bytes.includes(needle));
    });
}
