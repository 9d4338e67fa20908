// Import from CSV and vCard: a preview with per-row errors that writes nothing, then the import of
// the confirmed rows; vCard export read back by the importer; the list's search and validation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/main/core';
import { readVcards } from '../../../src/main/contacts/peopleImport';
import type { PeopleImportPreview, Person } from '../../../src/shared/contract';
import { useTempDirs } from '../../support/tempDir';
import { callOk, createTestCore, recordDeliveries } from '../../support/testCore';

const tempDir = useTempDirs();
let core: Core;
let delivered: Array<{ fileName: string; text: string; mediaType: string }>;

beforeEach(() => {
  const recorder = recordDeliveries((fileName) => ({ kind: 'saved', path: `/tmp/${fileName}` }));
  delivered = recorder.delivered;
  core = createTestCore(tempDir(), { deliverFile: recorder.deliverFile });
});
afterEach(() => core.shutdown());

const call = <T = unknown>(channel: string, input?: unknown) => callOk<T>(core, channel, input);
const total = async (kind = 'contact') => (await call<{ total: number }>('contacts.list', { kind })).total;
const validRows = (preview: PeopleImportPreview) =>
  preview.rows
    .filter((row) => row.status === 'valid')
    .map(({ row, firstName, lastName, emails, phones, accountName }) => ({ row, firstName, lastName, emails, phones, accountName }));

const csv = [
  'First Name,Last Name,E-mail Address,E-mail 2 Address,Mobile Phone,Company',
  'Ann,Lee,ann.lee@example.com,ann@home.example,+1 425 555 0101,Contoso',
  'Bo,Chen,not-an-email,,+1 425 555 0102,Fabrikam',
  ',,,,,',
  'Cy,Diaz,cy@example.com,,call me maybe,',
  'Dee,Ek,ann.lee@example.com,,,Contoso',
  '"Eve, Jr",Fox,eve@example.com,,,"Tailspin, Inc"',
].join('\r\n');

describe('contacts import', () => {
  it('previews a CSV row by row, naming the field and the fix, and writes nothing until confirmed', async () => {
    const preview = await call<PeopleImportPreview>('contacts.previewImport', { kind: 'contact', format: 'csv', text: csv });
    expect(preview.fileErrors).toEqual([]);
    expect(preview.counts).toEqual({ valid: 2, duplicate: 1, error: 2 });
    const byRow = new Map(preview.rows.map((row) => [row.row, row]));
    expect(byRow.get(2)).toMatchObject({
      status: 'valid',
      firstName: 'Ann',
      emails: ['ann.lee@example.com', 'ann@home.example'],
      phones: ['+1 425 555 0101'],
      accountName: 'Contoso',
    });
    expect(byRow.get(3)).toMatchObject({
      status: 'error',
      issues: [{ field: 'email 1', message: 'Enter an email address like ann.lee@example.com.' }],
    });
    expect(byRow.has(4)).toBe(false);
    expect(byRow.get(5)!.issues[0]).toMatchObject({ field: 'phone 1', message: expect.stringContaining('Enter a phone number') });
    expect(byRow.get(6)).toMatchObject({
      status: 'duplicate',
      issues: [{ field: 'email', message: 'ann.lee@example.com is already on row 2 of this file; it is skipped.' }],
    });
    expect(byRow.get(7)).toMatchObject({ status: 'valid', firstName: 'Eve, Jr', accountName: 'Tailspin, Inc' });
    expect(await total()).toBe(0);

    const result = await call<{ created: number }>('contacts.confirmImport', { kind: 'contact', rows: validRows(preview) });
    expect(result).toEqual({ created: 2, failed: [] });
    expect(await total()).toBe(2);
    const accounts = await call<Array<{ name: string; contacts: number }>>('contacts.accounts', { search: '' });
    expect(accounts.map((account) => [account.name, account.contacts])).toEqual([
      ['Contoso', 1],
      ['Tailspin, Inc', 1],
    ]);

    // The same file again: what is already there is a duplicate now, and importing it anyway is refused per row.
    const again = await call<PeopleImportPreview>('contacts.previewImport', { kind: 'contact', format: 'csv', text: csv });
    expect(again.rows.find((row) => row.row === 2)).toMatchObject({
      status: 'duplicate',
      issues: [
        { field: 'email', message: 'A contact with ann.lee@example.com already exists; it is skipped.' },
        { field: 'email', message: 'A contact with ann@home.example already exists; it is skipped.' },
      ],
    });
    const forced = await call<{ created: number; failed: unknown[] }>('contacts.confirmImport', {
      kind: 'contact',
      rows: validRows(preview),
    });
    expect(forced).toEqual({
      created: 0,
      failed: [
        { row: 2, reason: 'A contact with ann.lee@example.com already exists.' },
        { row: 7, reason: 'A contact with eve@example.com already exists.' },
      ],
    });
  });

  it('says what is wrong with a file it cannot use', async () => {
    const noColumns = await call<PeopleImportPreview>('contacts.previewImport', { kind: 'lead', format: 'csv', text: 'foo,bar\n1,2' });
    expect(noColumns.fileErrors).toEqual([expect.stringContaining('The file has no name or email column.')]);
    const notVcard = await call<PeopleImportPreview>('contacts.previewImport', { kind: 'lead', format: 'vcard', text: 'hello' });
    expect(notVcard.fileErrors).toEqual([expect.stringContaining('The file has no vCard in it')]);
  });

  it('previews vCards card by card: a broken card is that card’s error, the others import', async () => {
    const vcards = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Lee;Ann;;;',
      'FN:Ann Lee',
      'ORG:Contoso;Sales',
      'EMAIL;TYPE=INTERNET,WORK:ann.lee@example.com',
      'TEL;TYPE=CELL:+1 425 555 0101',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Bo Chen',
      'EMAIL:bo.chen@exa',
      ' mple.com',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Broken',
      'this line has no colon',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'N:;;;;',
      'END:VCARD',
    ].join('\r\n');
    const preview = await call<PeopleImportPreview>('contacts.previewImport', { kind: 'lead', format: 'vcard', text: vcards });
    expect(preview.counts).toEqual({ valid: 2, duplicate: 0, error: 2 });
    expect(preview.rows[0]).toMatchObject({
      row: 1,
      firstName: 'Ann',
      lastName: 'Lee',
      accountName: 'Contoso',
      emails: ['ann.lee@example.com'],
      phones: ['+1 425 555 0101'],
    });
    expect(preview.rows[1]).toMatchObject({ row: 2, firstName: 'Bo', lastName: 'Chen', emails: ['bo.chen@example.com'] });
    expect(preview.rows[2]).toMatchObject({
      row: 3,
      status: 'error',
      issues: [expect.objectContaining({ field: 'card', message: expect.stringContaining('This card cannot be read') })],
    });
    expect(preview.rows[3]).toMatchObject({
      row: 4,
      status: 'error',
      issues: [{ field: 'last name', message: 'Enter a first name, a last name or an email address.' }],
    });
    expect(await total('lead')).toBe(0);
    await call('contacts.confirmImport', { kind: 'lead', rows: validRows(preview) });
    expect(await total('lead')).toBe(2);
    expect(await total('contact')).toBe(0);
  });

  it('exports vCards that read back the same, commas and semicolons included', async () => {
    await call('contacts.save', {
      fields: {
        kind: 'contact',
        firstName: 'Eve; Jr',
        lastName: 'Fox',
        emails: ['eve@example.com', 'eve@home.example'],
        phones: ['+1 425 555 0109'],
        accountName: 'Tailspin, Inc',
      },
    });
    await call('contacts.save', { fields: { kind: 'contact', firstName: 'Gus', lastName: 'Hu', emails: [], phones: [], accountName: '' } });
    const exported = await call<{ fileName: string; count: number }>('contacts.exportVcard', {
      selection: { kind: 'contact', search: '' },
    });
    expect(exported).toMatchObject({ fileName: 'contacts-2026-11-26.vcf', count: 2 });
    const back = readVcards(delivered[0].text).rows;
    expect(
      back.map(({ firstName, lastName, emails, phones, accountName }) => ({ firstName, lastName, emails, phones, accountName })),
    ).toEqual([
      {
        firstName: 'Eve; Jr',
        lastName: 'Fox',
        emails: ['eve@example.com', 'eve@home.example'],
        phones: ['+1 425 555 0109'],
        accountName: 'Tailspin, Inc',
      },
      { firstName: 'Gus', lastName: 'Hu', emails: [], phones: [], accountName: '' },
    ]);
    expect(delivered[0].text).toContain('ORG:Tailspin\\, Inc');
    expect(delivered[0].mediaType).toBe('text/vcard; charset=utf-8');
  });
});

describe('contacts list and records', () => {
  it('searches every word across name, email, phone and company, and pages', async () => {
    for (const [firstName, lastName, email, company] of [
      ['Ann', 'Lee', 'ann@contoso.com', 'Contoso'],
      ['Bo', 'Lee', 'bo@fabrikam.com', 'Fabrikam'],
      ['Cy', 'Diaz', 'cy@contoso.com', 'Contoso'],
    ]) {
      await call('contacts.save', { fields: { kind: 'contact', firstName, lastName, emails: [email], phones: [], accountName: company } });
    }
    const search = async (text: string) =>
      (await call<{ rows: Person[] }>('contacts.list', { kind: 'contact', search: text })).rows.map((row) => row.displayName);
    expect(await search('lee')).toEqual(['Ann Lee', 'Bo Lee']);
    expect(await search('lee contoso')).toEqual(['Ann Lee']);
    expect(await search('100%')).toEqual([]);
    const page = await call<{ rows: Person[]; total: number }>('contacts.list', { kind: 'contact', offset: 1, limit: 1 });
    // Sorted by last name, then first name: Diaz, Lee Ann, Lee Bo.
    expect(page).toMatchObject({ total: 3, rows: [expect.objectContaining({ displayName: 'Ann Lee' })] });
  });

  it('refuses a bad record with the field named, keeping what was saved', async () => {
    const saved = await call<Person>('contacts.save', {
      fields: { kind: 'lead', firstName: 'Ann', lastName: 'Lee', emails: ['ann@example.com'], phones: [], accountName: '' },
    });
    const refusal = await call('contacts.save', {
      id: saved.id,
      fields: { kind: 'lead', firstName: 'Ann', lastName: 'Lee', emails: ['ann@'], phones: [], accountName: '' },
    }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: 'VALIDATION',
      issues: [{ field: 'fields.emails.0', message: 'Enter an email address like ann.lee@example.com.' }],
    });
    expect((await call<Person>('contacts.get', { id: saved.id })).emails).toEqual(['ann@example.com']);
    expect(await call('contacts.delete', { ids: [saved.id] })).toEqual({ deleted: 1 });
    await expect(call('contacts.get', { id: saved.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
