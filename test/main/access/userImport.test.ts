import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/tempDir';
import { createAccessFixture } from './accessFixture';

describe('CSV import of users', () => {
  const tempDir = useTempDirs();
  let fixture: ReturnType<typeof createAccessFixture>;
  beforeEach(() => {
    fixture = createAccessFixture(tempDir());
    fixture.access.createRole('Sales');
    fixture.access.createRole('Support');
    fixture.access.createUser({ name: 'Existing Person', email: 'existing@example.com', type: 'regular' });
  });
  afterEach(() => fixture.close());

  const csv = [
    'Name,Email,Type,Roles',
    'Ann Lee,ann@example.com,regular,Sales',
    'Ada Admin,ada@example.com,Administrator,sales; Support',
    ',nobody@example.com,,',
    'Bad Mail,not-an-email,regular,',
    'Ann Twin,ANN@example.com,,',
    'Old Timer,Existing@Example.com,,',
    'Wrong Role,wrong@example.com,regular,Salse',
    'Odd Type,odd@example.com,superuser,',
    '',
    '"Lee, Bob",bob@example.com,,Support',
  ].join('\n');

  it('previews every row with its status, the field at fault and why, writing nothing', async () => {
    const before = fixture.access.auditLog(100).length;
    const preview = await fixture.access.previewImport(csv);
    expect(preview.fileErrors).toEqual([]);
    expect(preview.rows.map((row) => [row.row, row.status, row.issues.map((issue) => issue.field)])).toEqual([
      [2, 'valid', []],
      [3, 'valid', []],
      [4, 'error', ['name']],
      [5, 'error', ['email']],
      [6, 'duplicate', ['email']],
      [7, 'duplicate', ['email']],
      [8, 'error', ['roles']],
      [9, 'error', ['type']],
      [11, 'valid', []],
    ]);
    expect(preview.counts).toEqual({ valid: 3, duplicate: 2, error: 4 });
    expect(preview.rows[1]).toMatchObject({ type: 'administrator', roleNames: ['Sales', 'Support'] });
    expect(preview.rows[4].issues[0].message).toBe('Same email as row 2 of this file: only the first is imported.');
    expect(preview.rows[5].issues[0].message).toContain('already exists (Existing Person)');
    expect(preview.rows[6].issues[0].message).toContain('There is no role named "Salse"');
    expect(preview.rows[8]).toMatchObject({ name: 'Lee, Bob', roleNames: ['Support'] });
    expect(fixture.access.overview().users).toHaveLength(1);
    expect(fixture.access.auditLog(100)).toHaveLength(before);
  });

  it('imports the confirmed rows, each with its roles and an audit entry, and reports the counts', async () => {
    const preview = await fixture.access.previewImport(csv);
    const valid = preview.rows.filter((row) => row.status === 'valid');
    const result = fixture.access.confirmImport(valid);
    expect(result).toEqual({ created: 3, failed: [] });
    const users = fixture.access.overview().users;
    expect(users.map((user) => user.email)).toEqual(['ada@example.com', 'ann@example.com', 'existing@example.com', 'bob@example.com']);
    const ada = users.find((user) => user.email === 'ada@example.com')!;
    expect(ada.type).toBe('administrator');
    expect(ada.roleIds).toHaveLength(2);
    expect(fixture.access.auditLog(3).map((entry) => entry.change)).toEqual([
      'imported from CSV',
      'imported from CSV',
      'imported from CSV',
    ]);
    expect(fixture.changes.length).toBe(4); // the fixture's 3 changes, then one for the whole import
  });

  it('checks each row again at confirmation: a bad row is reported and never stops the good ones', async () => {
    const preview = await fixture.access.previewImport(csv);
    const valid = preview.rows.filter((row) => row.status === 'valid');
    // Between preview and confirmation someone adds Ann, and a forged row sneaks in.
    fixture.access.createUser({ name: 'Ann Meanwhile', email: 'ann@example.com', type: 'regular' });
    const forged = { row: 99, name: 'Forged', email: 'forged@example.com', type: 'regular' as const, roleNames: ['Nope'] };
    const result = fixture.access.confirmImport([...valid, forged]);
    expect(result.created).toBe(2);
    expect(result.failed).toEqual([
      { row: 2, email: 'ann@example.com', reason: expect.stringContaining('already exists (Ann Meanwhile)') },
      { row: 99, email: 'forged@example.com', reason: expect.stringContaining('no role named "Nope"') },
    ]);
    expect(
      fixture.access
        .overview()
        .users.map((user) => user.email)
        .sort(),
    ).toEqual(['ada@example.com', 'ann@example.com', 'bob@example.com', 'existing@example.com']);
  });

  it('refuses a file without the needed columns as a whole, saying what the first line must be', async () => {
    const preview = await fixture.access.previewImport('Full Name;Mail\nAnn;ann@example.com\n');
    expect(preview.rows).toEqual([]);
    expect(preview.fileErrors.join(' ')).toMatch(/no "email" column.*first line must name the columns/);
    expect((await fixture.access.previewImport('   \n')).fileErrors[0]).toMatch(/^The file is empty/);
  });

  it('reports a row with more values than columns instead of guessing', async () => {
    const preview = await fixture.access.previewImport('name,email\nLee, Bob,bob@example.com\nAnn Lee,ann@example.com\n');
    expect(preview.rows.map((row) => row.status)).toEqual(['error', 'valid']);
    expect(preview.rows[0].issues[0]).toMatchObject({
      field: 'row',
      message: expect.stringContaining('Put quotes around values that contain commas'),
    });
  });

  it('takes a row that leaves out trailing optional columns', async () => {
    const preview = await fixture.access.previewImport('name,email,type,roles\nAnn Lee,ann@example.com\n');
    expect(preview.rows).toEqual([expect.objectContaining({ status: 'valid', type: 'regular', roleNames: [] })]);
  });

  it('accepts a byte-order mark and Windows line ends, as spreadsheets write them', async () => {
    const preview = await fixture.access.previewImport('\uFEFFname,email\r\nAnn Lee,ann@example.com\r\n');
    expect(preview.rows).toEqual([expect.objectContaining({ row: 2, status: 'valid', email: 'ann@example.com', type: 'regular' })]);
  });
});
