import { maxImportBytes, maxImportRows } from './access';
import { maxIcsBytes } from './calendar';
import { maxPeopleImportBytes, maxPeopleImportRows } from './contacts';
import type { ChannelName } from './index';

/**
 * How large a call's JSON body may be on the headless bridge, derived from the contract's own
 * limits so that everything the contract accepts also fits through the door (a 5 MB .ics, a
 * 20,000-row contacts import), and nothing much larger is read into memory.
 */
export const defaultBodyLimitBytes = 1024 * 1024;

// A schema's `max` counts UTF-16 units; UTF-8 takes at most 3 bytes for one, and JSON's escapes
// of quotes, backslashes and line breaks (2 bytes) stay within that. Only control characters
// escaped as \u00XX (6 bytes) could exceed it, and no real text file is made of them.
const utf8BytesPerUnit = 3;
// The rest of the envelope: other fields, the JSON punctuation.
const envelopeBytes = 64 * 1024;
// One imported row as JSON besides its text: keys, quotes, commas, its row number.
const rowOverheadBytes = 160;

const fileText = (maxUnits: number) => maxUnits * utf8BytesPerUnit + envelopeBytes;
// Confirmed rows are what the preview read from one file: that file's text plus each row's keys.
const rowsFromFile = (maxUnits: number, maxRows: number) => fileText(maxUnits) + maxRows * rowOverheadBytes;

const channelLimits: Partial<Record<ChannelName, number>> = {
  'calendar.previewIcsImport': fileText(maxIcsBytes),
  'calendar.importIcs': fileText(maxIcsBytes),
  'contacts.previewImport': fileText(maxPeopleImportBytes),
  'contacts.confirmImport': rowsFromFile(maxPeopleImportBytes, maxPeopleImportRows),
  'access.previewImport': fileText(maxImportBytes),
  'access.confirmImport': rowsFromFile(maxImportBytes, maxImportRows),
};

export function bodyLimitBytes(channel: string): number {
  return (Object.hasOwn(channelLimits, channel) ? channelLimits[channel as ChannelName] : undefined) ?? defaultBodyLimitBytes;
}

/** The largest limit of any channel: what the bridge may have to read before it knows better. */
export const largestBodyLimitBytes = Math.max(defaultBodyLimitBytes, ...Object.values(channelLimits));
