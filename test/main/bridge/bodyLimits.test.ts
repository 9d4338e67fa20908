// Headless mode's request limits against the contract's own: the documented sizes go through
// end to end, and a refused body leaves the keep-alive connection fit for the next request.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpBridge, type RunningHttpBridge } from '../../../src/main/bridge/httpBridge';
import type { Core } from '../../../src/main/core';
import { bodyLimitBytes, defaultBodyLimitBytes } from '../../../src/shared/contract/bodyLimits';
import {
  maxIcsBytes,
  maxPeopleImportBytes,
  maxPeopleImportRows,
  type IcsImportPreview,
  type PeopleImportPreview,
} from '../../../src/shared/contract';
import { keepAliveClient } from '../../support/keepAliveHttp';
import { useTempDirs } from '../../support/tempDir';
import { createTestCore } from '../../support/testCore';

const token = 'test-token-0123456789abcdefghijklmnop';
const json = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

/** A contacts CSV of `rows` people with the fields as long as real ones get. */
function contactsCsv(rows: number): string {
  const lines = ['first name,last name,email,phone,company'];
  for (let i = 1; i <= rows; i++)
    lines.push(
      `Ann${i},Lee-Fernández${i},ann.lee.${i}@contoso-example.com,+44 20 7946 ${String(i).padStart(4, '0')},Contoso Ltd ${i % 300}`,
    );
  return lines.join('\r\n');
}

/** An .ics of about `bytes`, events with long descriptions folded at 75 octets as RFC 5545 asks. */
function icsOfSize(bytes: number): { text: string; events: number } {
  const description = 'DESCRIPTION:' + 'Quarterly planning with the regional teams; agenda, minutes and actions. '.repeat(40);
  const folded = description.match(/.{1,74}/g)!.join('\r\n ');
  const parts = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN'];
  let size = parts.join('\r\n').length;
  let events = 0;
  while (size < bytes) {
    const day = String((events % 28) + 1).padStart(2, '0');
    const vevent = [
      'BEGIN:VEVENT',
      `UID:event-${events}@example.com`,
      `DTSTAMP:20270101T000000Z`,
      `DTSTART:202707${day}T100000Z`,
      `DTEND:202707${day}T110000Z`,
      `SUMMARY:Planning ${events}`,
      folded,
      'END:VEVENT',
    ].join('\r\n');
    parts.push(vevent);
    size += vevent.length + 2;
    events++;
  }
  parts.push('END:VCALENDAR');
  return { text: parts.join('\r\n'), events };
}

describe('body limits derived from the contract', () => {
  it('fits the largest file each import channel accepts, whatever its characters', () => {
    // 3 bytes per UTF-16 unit: the worst case of non-ASCII text in UTF-8, and of escaped quotes and line breaks.
    const icsWorstCase = Buffer.byteLength(JSON.stringify({ text: '€'.repeat(maxIcsBytes) }));
    expect(bodyLimitBytes('calendar.importIcs')).toBeGreaterThanOrEqual(icsWorstCase);
    const csvWorstCase = Buffer.byteLength(
      JSON.stringify({ kind: 'contact', format: 'csv', text: '"\n'.repeat(maxPeopleImportBytes / 2) }),
    );
    expect(bodyLimitBytes('contacts.previewImport')).toBeGreaterThanOrEqual(csvWorstCase);
    // Every row of a 5 MB file confirmed at once: the file's text plus each row's keys.
    const rows = Array.from({ length: maxPeopleImportRows }, (_, i) => ({
      row: i + 2,
      firstName: 'é'.repeat(40),
      lastName: 'é'.repeat(40),
      emails: ['a@b.c', 'd@e.f', 'g@h.i'],
      phones: ['1', '2', '3', '4', '5'],
      accountName: 'é'.repeat(40),
    }));
    expect(bodyLimitBytes('contacts.confirmImport')).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify({ kind: 'contact', rows })));
    expect(bodyLimitBytes('settings.update')).toBe(defaultBodyLimitBytes);
    expect(bodyLimitBytes('no.suchChannel')).toBe(defaultBodyLimitBytes);
  });
});

describe('headless bridge request bodies', () => {
  const tempDir = useTempDirs();
  let core: Core;
  let bridge: RunningHttpBridge;

  beforeEach(async () => {
    const rendererDir = join(tempDir(), 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    core = createTestCore(tempDir());
    bridge = await startHttpBridge({ registry: core.registry, events: core.events, rendererDir, port: 0, token });
  });
  afterEach(async () => {
    await bridge.close();
    await core.shutdown();
  });

  it('imports 15,000 contacts through preview and confirm', { timeout: 120_000 }, async () => {
    const client = keepAliveClient(bridge.port);
    try {
      const text = contactsCsv(15_000);
      const preview = await client.send({
        path: '/api/contacts.previewImport',
        headers: json,
        body: JSON.stringify({ kind: 'contact', format: 'csv', text }),
      });
      expect(preview.status).toBe(200);
      const { rows, counts } = (JSON.parse(preview.body) as { result: PeopleImportPreview }).result;
      expect(counts).toEqual({ valid: 15_000, duplicate: 0, error: 0 });
      const confirmBody = JSON.stringify({
        kind: 'contact',
        rows: rows.map(({ row, firstName, lastName, emails, phones, accountName }) => ({
          row,
          firstName,
          lastName,
          emails,
          phones,
          accountName,
        })),
      });
      expect(Buffer.byteLength(confirmBody)).toBeGreaterThan(defaultBodyLimitBytes);
      const confirmed = await client.send({ path: '/api/contacts.confirmImport', headers: json, body: confirmBody });
      expect(confirmed.status).toBe(200);
      expect(JSON.parse(confirmed.body).result).toEqual({ created: 15_000, failed: [] });
    } finally {
      client.close();
    }
  });

  it('previews and imports a 4 MB .ics', { timeout: 120_000 }, async () => {
    const client = keepAliveClient(bridge.port);
    try {
      const { text, events } = icsOfSize(4 * 1024 * 1024);
      expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
      const preview = await client.send({ path: '/api/calendar.previewIcsImport', headers: json, body: JSON.stringify({ text }) });
      expect(preview.status).toBe(200);
      expect((JSON.parse(preview.body) as { result: IcsImportPreview }).result.counts).toEqual({ ready: events, error: 0 });
      const imported = await client.send({
        path: '/api/calendar.importIcs',
        headers: json,
        body: JSON.stringify({ text, assignedUserId: null }),
      });
      expect(imported.status).toBe(200);
      expect(JSON.parse(imported.body).result).toEqual({ created: events, skipped: 0 });
    } finally {
      client.close();
    }
  });

  it.each([
    ['announced with a Content-Length', false],
    ['sent chunked, its size known only once read', true],
  ])('answers a body over the limit (%s) with 413, and the next request on the same connection succeeds', async (_how, chunked) => {
    const client = keepAliveClient(bridge.port);
    try {
      const big = Buffer.from(JSON.stringify({ appearance: { theme: 'dark' }, padding: 'x'.repeat(defaultBodyLimitBytes + 1000) }));
      const refused = await client.send(
        chunked
          ? { path: '/api/settings.update', headers: json, chunks: [big.subarray(0, 500_000), big.subarray(500_000)] }
          : { path: '/api/settings.update', headers: { ...json, 'Content-Length': String(big.length) }, body: big },
      );
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body).error.message).toMatch(/larger than the 1\.0 MB the console accepts for settings\.update/);
      expect(refused.headers.connection).toBe('keep-alive');
      const next = await client.send({ path: '/api/settings.get', headers: json });
      expect(next.status).toBe(200);
      expect(next.reusedSocket).toBe(true);
      expect(JSON.parse(next.body).result.appearance.theme).toBe('system');
    } finally {
      client.close();
    }
  });

  it('closes the connection, after answering 413, for a body too large to be worth reading', async () => {
    const client = keepAliveClient(bridge.port);
    try {
      // Announced as 1 GB; only the start is sent: the answer must not wait for the rest.
      const refused = await client
        .send({
          path: '/api/calendar.importIcs',
          headers: { ...json, 'Content-Length': String(1024 ** 3) },
          chunks: [Buffer.alloc(1000, 32)],
        })
        .catch((error: Error) => error);
      if (refused instanceof Error) throw refused;
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      const next = await client.send({ path: '/api/settings.get', headers: json });
      expect(next.status).toBe(200);
      expect(next.reusedSocket).toBe(false);
    } finally {
      client.close();
    }
  });
});
