import { randomBytes } from 'node:crypto';
import type { FileDelivery } from '../../shared/contract';
import type { FileType } from '../files/fileTypes';

export type OfferedFile = { fileName: string; bytes: Uint8Array; type: FileType };
type Offer = OfferedFile & { expiresAt: number };

/**
 * Headless mode's way to hand a file (a log bundle, an .ics or .vcf export) to the browser: kept in memory under an
 * unguessable id for a few minutes, fetched with the same bearer token as every /api call.
 */
export class DownloadStore {
  private readonly offers = new Map<string, Offer>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = 10 * 60 * 1000,
    private readonly maxOffers = 5,
  ) {}

  offer(fileName: string, bytes: Uint8Array, type: FileType): FileDelivery {
    this.dropExpired();
    while (this.offers.size >= this.maxOffers) this.offers.delete(this.offers.keys().next().value!);
    const id = randomBytes(18).toString('base64url');
    this.offers.set(id, { fileName, bytes, type, expiresAt: this.now() + this.lifetimeMs });
    return { kind: 'download', url: `/api/downloads/${id}` };
  }

  get(id: string): OfferedFile | undefined {
    this.dropExpired();
    return this.offers.get(id);
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, offer] of this.offers) if (offer.expiresAt <= now) this.offers.delete(id);
  }
}
