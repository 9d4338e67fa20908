// Desktop only: the save dialog behind the DeliverFile port.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import type { FileDelivery } from '../../shared/contract';
import type { FileType } from '../files/fileTypes';

export type SaveDialogPorts = {
  dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The console window the dialog belongs to (a sheet on macOS); none while it is being made. */
  getWindow(): BrowserWindow | undefined;
  downloadsDir(): string;
};

/**
 * Asks where to save with a filter for the file's own type: macOS's save panel enforces the filter,
 * so an .ics offered under a Zip filter would be saved as "….ics.zip".
 */
export async function saveWithDialog(ports: SaveDialogPorts, fileName: string, bytes: Uint8Array, type: FileType): Promise<FileDelivery> {
  const options: SaveDialogOptions = {
    defaultPath: join(ports.downloadsDir(), fileName),
    filters: [{ name: type.label, extensions: [...type.extensions] }],
  };
  const window = ports.getWindow();
  const result = window ? await ports.dialog.showSaveDialog(window, options) : await ports.dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return { kind: 'cancelled' };
  await writeFile(result.filePath, bytes);
  return { kind: 'saved', path: result.filePath };
}
