import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const attachmentFolderName = 'email-attachments';

/**
 * Attachment bytes as files under the data folder, named by their SHA-256: writing the same
 * content again (a rerun after a crash, the same file in two messages) is a no-op, and a file
 * appears whole or not at all (written aside, then renamed).
 */
export class AttachmentFiles {
  constructor(private readonly dataDir: string) {}

  /** Stores the bytes; returns the path relative to the data folder. */
  keep(content: Buffer): string {
    const digest = createHash('sha256').update(content).digest('hex');
    const relative = join(attachmentFolderName, digest.slice(0, 2), digest);
    const absolute = join(this.dataDir, relative);
    if (existsSync(absolute)) return relative;
    mkdirSync(join(this.dataDir, attachmentFolderName, digest.slice(0, 2)), { recursive: true, mode: 0o700 });
    const aside = `${absolute}.${randomUUID()}.part`;
    writeFileSync(aside, content, { mode: 0o600 });
    renameSync(aside, absolute);
    return relative;
  }

  absolutePath(relative: string): string {
    return join(this.dataDir, relative);
  }
}
