// `$filter=singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…')`, the one
// filter Graph documents for finding an item by its extended property; other filters are refused.
import type { ExtendedProperty } from '../store.ts';

export type ExtendedPropertyMatch = (props: readonly ExtendedProperty[] | undefined) => boolean;

/** The match for a filter expression, or null when the emulator does not understand it. */
export function parseExtendedPropertyFilter(filter: string): ExtendedPropertyMatch | null {
  const m =
    /^singleValueExtendedProperties\/any\(\s*(\w+)\s*:\s*\1\/id\s+eq\s+'([^']+)'(?:\s+and\s+\1\/value\s+eq\s+'((?:[^']|'')*)')?\s*\)$/i.exec(
      filter.trim(),
    );
  if (!m) return null;
  const [, , propId, rawValue] = m;
  // OData doubles a quote inside a string literal.
  const value = rawValue?.replace(/''/g, "'");
  return (props) => (props ?? []).some((p) => p.id.toLowerCase() === propId.toLowerCase() && (value === undefined || p.value === value));
}
