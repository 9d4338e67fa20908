/**
 * Reads contacts and leads from CSV (papaparse) or vCard (ical.js) and says, row by row, what an
 * import would do. Nothing is written here: the import writes only the rows the administrator
 * confirmed after seeing this preview.
 */
import ICAL from 'ical.js';
import Papa from 'papaparse';
import {
  issuesFromZod,
  maxPeopleImportRows,
  personFieldsSchema,
  type ImportFormat,
  type PeopleImportPreview,
  type PeopleImportRow,
  type PersonKind,
} from '../../shared/contract';

type RawRow = PeopleImportRow & { problem?: { field: string; message: string } };
type Column = 'firstName' | 'lastName' | 'email' | 'phone' | 'accountName';

export const expectedCsvColumnsHint =
  'The first line must name the columns: first name, last name, email (or several email columns), phone (or several), and company.';

function columnOf(header: string): Column | undefined {
  const name = header.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  if (/^(first( name)?|firstname|given name|forename)$/.test(name)) return 'firstName';
  if (/^(last( name)?|lastname|surname|family name)$/.test(name)) return 'lastName';
  if (/^e ?mail/.test(name) || name === 'emails') return 'email';
  if (/phone|mobile|^tel/.test(name)) return 'phone';
  if (/^(company|company name|account|account name|organi[sz]ation)$/.test(name)) return 'accountName';
  return undefined;
}

/** Several values in one cell, as spreadsheets export them: "a@x.com; b@y.com". */
const splitValues = (cell: string | undefined) =>
  (cell ?? '')
    .split(/[;\n]/)
    .map((value) => value.trim())
    .filter(Boolean);

export function readCsv(text: string): { fileErrors: string[]; rows: RawRow[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const [header = [], ...lines] = parsed.data;
  const columns = header.map(columnOf);
  const fileErrors: string[] = [];
  if (text.trim() === '') return { fileErrors: [`The file is empty. ${expectedCsvColumnsHint}`], rows: [] };
  if (!columns.some((column) => column === 'firstName' || column === 'lastName' || column === 'email')) {
    fileErrors.push(`The file has no name or email column. ${expectedCsvColumnsHint}`);
    return { fileErrors, rows: [] };
  }
  const broken = new Map<number, string>();
  for (const error of parsed.errors) if (error.row !== undefined && error.type === 'Quotes') broken.set(error.row, error.message);
  const rows: RawRow[] = [];
  lines.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    const row: RawRow = { row: index + 2, firstName: '', lastName: '', emails: [], phones: [], accountName: '' };
    cells.forEach((cell, position) => {
      const column = columns[position];
      if (column === 'firstName') row.firstName = cell.trim();
      else if (column === 'lastName') row.lastName = cell.trim();
      else if (column === 'accountName') row.accountName = cell.trim();
      else if (column === 'email') row.emails.push(...splitValues(cell));
      else if (column === 'phone') row.phones.push(...splitValues(cell));
    });
    if (cells.length > header.length && cells.slice(header.length).some((cell) => cell.trim() !== '')) {
      row.problem = {
        field: 'row',
        message: `The row has ${cells.length} values but the header names ${header.length} columns. Put quotes around values that contain commas.`,
      };
    }
    const quotes = broken.get(index + 1);
    if (quotes) row.problem = { field: 'row', message: `${quotes}. Check the quotes on this line.` };
    rows.push(row);
  });
  return { fileErrors, rows };
}

/** Splits the file into cards first, so one broken card is that card's error and not the file's. */
export function readVcards(text: string): { fileErrors: string[]; rows: RawRow[] } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
  const cards: string[][] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    if (/^BEGIN:VCARD\s*$/i.test(line)) {
      if (current) cards.push(current);
      current = [line];
    } else if (current) {
      current.push(line);
      if (/^END:VCARD\s*$/i.test(line)) {
        cards.push(current);
        current = undefined;
      }
    }
  }
  if (current) cards.push(current);
  if (cards.length === 0)
    return {
      fileErrors: [
        'The file has no vCard in it: a vCard starts with the line BEGIN:VCARD. Export the contacts as vCard (.vcf) and choose that file.',
      ],
      rows: [],
    };
  return { fileErrors: [], rows: cards.map((card, index) => readCard(card, index + 1)) };
}

function readCard(card: string[], position: number): RawRow {
  const row: RawRow = { row: position, firstName: '', lastName: '', emails: [], phones: [], accountName: '' };
  try {
    const component = new ICAL.Component(ICAL.parse(card.filter((line) => line.trim() !== '').join('\r\n')) as unknown as unknown[]);
    const structured = component.getFirstPropertyValue('n') as unknown;
    const name = Array.isArray(structured) ? structured.map((part) => String(Array.isArray(part) ? part.join(' ') : (part ?? ''))) : [];
    row.lastName = (name[0] ?? '').trim();
    row.firstName = (name[1] ?? '').trim();
    if (!row.firstName && !row.lastName) {
      const full = String(component.getFirstPropertyValue('fn') ?? '').trim();
      const space = full.lastIndexOf(' ');
      [row.firstName, row.lastName] = space > 0 ? [full.slice(0, space), full.slice(space + 1)] : ['', full];
    }
    row.emails = component
      .getAllProperties('email')
      .map((property) =>
        String(property.getFirstValue() ?? '')
          .replace(/^mailto:/i, '')
          .trim(),
      )
      .filter(Boolean);
    row.phones = component
      .getAllProperties('tel')
      .map((property) =>
        String(property.getFirstValue() ?? '')
          .replace(/^tel:/i, '')
          .trim(),
      )
      .filter(Boolean);
    const org = component.getFirstPropertyValue('org') as unknown;
    row.accountName = String((Array.isArray(org) ? org[0] : org) ?? '').trim();
  } catch (error) {
    row.problem = {
      field: 'card',
      message: `This card cannot be read (${(error as Error).message}). Export it again from the program it came from.`,
    };
  }
  return row;
}

/** The preview: each row checked with the same schema the record form uses, and for duplicates. */
export function previewPeopleImport(
  format: ImportFormat,
  text: string,
  existingEmails: ReadonlySet<string>,
  kind: PersonKind,
): PeopleImportPreview {
  const { fileErrors, rows } = format === 'csv' ? readCsv(text) : readVcards(text);
  if (rows.length > maxPeopleImportRows)
    fileErrors.push(`The file has ${rows.length} rows; import at most ${maxPeopleImportRows} at a time.`);
  if (fileErrors.length > 0) return { format, fileErrors, rows: [], counts: { valid: 0, duplicate: 0, error: 0 } };
  const seen = new Map<string, number>();
  const checked = rows.map(({ problem, ...row }) => {
    const issues: Array<{ field: string; message: string }> = problem ? [problem] : [];
    const parsed = personFieldsSchema.safeParse({
      kind,
      firstName: row.firstName,
      lastName: row.lastName,
      emails: row.emails,
      phones: row.phones,
      accountName: row.accountName,
    });
    // An unreadable card has no fields to check: its one issue says why.
    if (!parsed.success && problem?.field !== 'card')
      issues.push(...issuesFromZod(parsed.error).map((issue) => ({ ...issue, field: readableField(issue.field) })));
    let status: 'valid' | 'duplicate' | 'error' = issues.length > 0 ? 'error' : 'valid';
    if (status === 'valid') {
      for (const email of row.emails.map((value) => value.toLowerCase())) {
        const earlier = seen.get(email);
        if (existingEmails.has(email)) issues.push({ field: 'email', message: `A ${kind} with ${email} already exists; it is skipped.` });
        else if (earlier !== undefined)
          issues.push({ field: 'email', message: `${email} is already on row ${earlier} of this file; it is skipped.` });
      }
      if (issues.length > 0) status = 'duplicate';
      for (const email of row.emails) if (!seen.has(email.toLowerCase())) seen.set(email.toLowerCase(), row.row);
    }
    return { ...row, status, issues };
  });
  const count = (status: string) => checked.filter((row) => row.status === status).length;
  return { format, fileErrors, rows: checked, counts: { valid: count('valid'), duplicate: count('duplicate'), error: count('error') } };
}

/** "emails.1" → "email 2": the column a person sees in their file. */
function readableField(field: string): string {
  const [name, index] = field.split('.');
  const words: Record<string, string> = {
    emails: 'email',
    phones: 'phone',
    firstName: 'first name',
    lastName: 'last name',
    accountName: 'company',
  };
  const word = words[name] ?? name;
  return index === undefined ? word : `${word} ${Number(index) + 1}`;
}
