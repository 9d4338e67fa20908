import type { FileDelivery } from '../../shared/contract';

/**
 * What kind of file the console hands over. The desktop save dialog filters by it (macOS's save
 * panel insists on the filter's extension) and headless mode serves the download with its media type.
 */
export type FileType = {
  /** The Content-Type headless mode serves the download with. */
  mediaType: string;
  /** Without the dot; the first is the one a save dialog proposes. */
  extensions: readonly string[];
  /** The filter's name in the save dialog. */
  label: string;
};

export const zipArchive: FileType = { mediaType: 'application/zip', extensions: ['zip'], label: 'Zip archive' };
// RFC 5545 §8.1 and RFC 6350 §10.1: both are UTF-8 text.
export const iCalendarFile: FileType = { mediaType: 'text/calendar; charset=utf-8', extensions: ['ics'], label: 'iCalendar file' };
export const vCardFile: FileType = { mediaType: 'text/vcard; charset=utf-8', extensions: ['vcf'], label: 'vCard file' };

/** Hands a file the console made to the administrator: a save dialog, or a download in a browser. */
export type DeliverFile = (fileName: string, bytes: Uint8Array, type: FileType) => Promise<FileDelivery>;
