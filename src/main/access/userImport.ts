import {
  maxImportRows,
  userEmailSchema,
  userNameSchema,
  type FieldIssue,
  type ImportPreview,
  type ImportRow,
  type UserType,
} from '../../shared/contract';

/** What an import row is checked against: the users and roles as they are now. */
export type ImportContext = {
  /** Lower-cased email → the name of the user who has it. */
  emailOwners: ReadonlyMap<string, string>;
  /** Lower-cased role name → the role. */
  rolesByName: ReadonlyMap<string, { id: number; name: string }>;
};

type Column = 'name' | 'email' | 'type' | 'roles';
const columnAliases: Record<string, Column> = {
  name: 'name',
  'full name': 'name',
  email: 'email',
  'e-mail': 'email',
  'email address': 'email',
  type: 'type',
  'user type': 'type',
  roles: 'roles',
  role: 'roles',
};
const userTypeWords: Record<string, UserType> = {
  '': 'regular',
  regular: 'regular',
  administrator: 'administrator',
  admin: 'administrator',
};
export const expectedColumnsHint =
  'The first line must name the columns: name, email, and optionally type (regular or administrator) and roles (separated by ";").';

type PreviewRow = ImportPreview['rows'][number];

/**
 * Reads a CSV of users and says, row by row, what an import would do — nothing is written here.
 * A bad row is reported with its field and the fix; it never hides or stops the good ones.
 */
export async function previewUserImport(csv: string, context: ImportContext): Promise<ImportPreview> {
  // Loaded when a file is previewed, not at start: most consoles import users once, if ever.
  const { default: Papa } = await import('papaparse');
  const parsed = Papa.parse<Record<string, string | undefined>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: false,
    transformHeader: (header) => columnAliases[header.trim().toLowerCase()] ?? header.trim(),
  });
  const columns = parsed.meta.fields ?? [];
  const fileErrors: string[] = [];
  if (csv.trim() === '') fileErrors.push(`The file is empty. ${expectedColumnsHint}`);
  else {
    for (const required of ['name', 'email']) {
      if (!columns.includes(required)) fileErrors.push(`The file has no "${required}" column. ${expectedColumnsHint}`);
    }
  }
  const records = parsed.data
    .map((record, index) => ({ record, row: index + 2 }))
    .filter(({ record }) => Object.values(record).some((value) => typeof value === 'string' && value.trim() !== ''));
  if (records.length > maxImportRows) fileErrors.push(`The file has ${records.length} rows; import at most ${maxImportRows} at a time.`);
  if (fileErrors.length > 0) return { fileErrors, rows: [], counts: { valid: 0, duplicate: 0, error: 0 } };

  const shapeIssues = new Map<number, string>();
  for (const error of parsed.errors) {
    // Fewer values than columns is normal (trailing optional columns left out); more values,
    // or broken quotes, mean a comma inside an unquoted value and the columns cannot be trusted.
    if (error.row !== undefined && (error.code === 'TooManyFields' || error.type === 'Quotes'))
      shapeIssues.set(error.row + 2, error.message);
  }
  const firstRowOfEmail = new Map<string, number>();
  const rows = records.map(({ record, row }) => {
    const raw = {
      row,
      name: record.name?.trim() ?? '',
      email: record.email?.trim() ?? '',
      type: record.type?.trim() ?? '',
      roles: record.roles ?? '',
    };
    const shape = shapeIssues.get(row);
    const checked = checkImportRow(raw, context, firstRowOfEmail);
    if (shape) {
      checked.issues.unshift({ field: 'row', message: `${shape}. Put quotes around values that contain commas.` });
      checked.status = 'error';
    }
    return checked;
  });
  const counts = { valid: 0, duplicate: 0, error: 0 };
  for (const row of rows) counts[row.status] += 1;
  return { fileErrors, rows, counts };
}

/**
 * Checks one row against the users and roles as they are now. `firstRowOfEmail` remembers the
 * emails already seen in this file, so a second row with the same email is a duplicate.
 */
export function checkImportRow(
  raw: { row: number; name: string; email: string; type: string; roles: string | readonly string[] },
  context: ImportContext,
  firstRowOfEmail: Map<string, number>,
): PreviewRow {
  const issues: FieldIssue[] = [];
  let duplicate = false;
  const name = userNameSchema.safeParse(raw.name);
  if (!name.success) issues.push({ field: 'name', message: name.error.issues[0].message });
  const email = userEmailSchema.safeParse(raw.email);
  if (!email.success) issues.push({ field: 'email', message: email.error.issues[0].message });
  else {
    const key = email.data.toLowerCase();
    const earlier = firstRowOfEmail.get(key);
    const owner = context.emailOwners.get(key);
    if (earlier !== undefined) {
      duplicate = true;
      issues.push({ field: 'email', message: `Same email as row ${earlier} of this file: only the first is imported.` });
    } else {
      firstRowOfEmail.set(key, raw.row);
      if (owner !== undefined) {
        duplicate = true;
        issues.push({ field: 'email', message: `A user with this email already exists (${owner}): edit that user instead.` });
      }
    }
  }
  const type = userTypeWords[raw.type.toLowerCase()];
  if (!type) issues.push({ field: 'type', message: `"${raw.type}" is not a user type: use regular or administrator.` });
  const roleNames = (typeof raw.roles === 'string' ? raw.roles.split(';') : [...raw.roles]).map((role) => role.trim()).filter(Boolean);
  const canonicalRoleNames = roleNames.map((roleName) => {
    const role = context.rolesByName.get(roleName.toLowerCase());
    if (!role) issues.push({ field: 'roles', message: `There is no role named "${roleName}": create it first or correct the name.` });
    return role?.name ?? roleName;
  });
  // A duplicate adds exactly one issue: when it is the only one, the row is a duplicate, not an error.
  const status: PreviewRow['status'] = issues.length === 0 ? 'valid' : duplicate && issues.length === 1 ? 'duplicate' : 'error';
  const row: ImportRow = {
    row: raw.row,
    name: name.success ? name.data : raw.name,
    email: email.success ? email.data : raw.email,
    type: type ?? 'regular',
    roleNames: [...new Set(canonicalRoleNames)],
  };
  return { ...row, status, issues };
}
