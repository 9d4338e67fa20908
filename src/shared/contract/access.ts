import { z } from 'zod';

/**
 * The three scopes of the guide's Access control section. A role enables each one or leaves it
 * *not set*; a user's access is the union of their roles; administrators have every scope.
 */
export const accessScopeSchema = z.enum(['externalAccounts', 'outlookCalendar', 'outlookContacts']);
export type AccessScope = z.infer<typeof accessScopeSchema>;
export const accessScopes: readonly AccessScope[] = accessScopeSchema.options;

export const scopeLabels: Record<AccessScope, string> = {
  externalAccounts: 'External Accounts',
  outlookCalendar: 'Outlook Calendar',
  outlookContacts: 'Outlook Contacts',
};

export const userTypeSchema = z.enum(['administrator', 'regular']);
export type UserType = z.infer<typeof userTypeSchema>;

export const idSchema = z.number().int().positive();
export const userNameSchema = z.string().trim().min(1, 'Enter a name.').max(200, 'Use at most 200 characters.');
export const userEmailSchema = z
  .string()
  .trim()
  .min(1, 'Enter an email address.')
  .max(320, 'Use at most 320 characters.')
  .pipe(z.email('Enter an email address like ann.lee@example.com.'));
export const roleNameSchema = z.string().trim().min(1, 'Enter a role name.').max(100, 'Use at most 100 characters.');

export const workspaceUserSchema = z.object({
  id: idSchema,
  name: z.string(),
  email: z.string(),
  type: userTypeSchema,
  active: z.boolean(),
  roleIds: z.array(idSchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deactivatedAt: z.iso.datetime().nullable(),
});
export type WorkspaceUser = z.infer<typeof workspaceUserSchema>;

export const roleSchema = z.object({
  id: idSchema,
  name: z.string(),
  scopes: z.record(accessScopeSchema, z.boolean()),
  memberIds: z.array(idSchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Role = z.infer<typeof roleSchema>;

export const accessOverviewSchema = z.object({ users: z.array(workspaceUserSchema), roles: z.array(roleSchema) });
export type AccessOverview = z.infer<typeof accessOverviewSchema>;

export const newUserSchema = z.strictObject({
  name: userNameSchema,
  email: userEmailSchema,
  type: userTypeSchema,
  roleIds: z.array(idSchema).max(100).default([]),
});
export type NewUser = z.input<typeof newUserSchema>;

export const userUpdateSchema = z.strictObject({
  id: idSchema,
  name: userNameSchema.optional(),
  email: userEmailSchema.optional(),
  type: userTypeSchema.optional(),
});

/** Why a scope is or is not granted: the answer to "why can't Ann see the External Accounts button?". */
export const grantSourceSchema = z.enum(['administrator', 'roles', 'none', 'deactivated']);
export type GrantSource = z.infer<typeof grantSourceSchema>;

export const scopeAccessSchema = z.object({
  scope: accessScopeSchema,
  granted: z.boolean(),
  source: grantSourceSchema,
  /** The roles that enable the scope (empty unless source is `roles`). */
  grantedBy: z.array(z.object({ id: idSchema, name: z.string() })),
  explanation: z.string(),
});
export type ScopeAccess = z.infer<typeof scopeAccessSchema>;

export const effectiveAccessSchema = z.object({
  user: workspaceUserSchema,
  roles: z.array(z.object({ id: idSchema, name: z.string() })),
  scopes: z.array(scopeAccessSchema),
  /** The guide's troubleshooting questions, answered for this user. */
  troubleshooting: z.array(z.object({ question: z.string(), answer: z.string(), ok: z.boolean() })),
});
export type EffectiveAccess = z.infer<typeof effectiveAccessSchema>;

export const auditEntrySchema = z.object({
  id: idSchema,
  at: z.iso.datetime(),
  operator: z.string(),
  target: z.string(),
  change: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const importRowStatusSchema = z.enum(['valid', 'duplicate', 'error']);
export const importRowSchema = z.object({
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: z.number().int().min(2),
  name: z.string(),
  email: z.string(),
  type: userTypeSchema,
  roleNames: z.array(z.string()),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importPreviewSchema = z.object({
  /** Problems with the file as a whole (a missing column, say): no row can be imported. */
  fileErrors: z.array(z.string()),
  rows: z.array(
    importRowSchema.extend({
      status: importRowStatusSchema,
      issues: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  ),
  counts: z.object({ valid: z.number().int(), duplicate: z.number().int(), error: z.number().int() }),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importResultSchema = z.object({
  created: z.number().int(),
  failed: z.array(z.object({ row: z.number().int(), email: z.string(), reason: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const maxImportBytes = 1_000_000;
export const maxImportRows = 5_000;

export const accessChannels = {
  'access.overview': { input: z.void(), output: accessOverviewSchema },
  'access.createUser': { input: newUserSchema, output: workspaceUserSchema },
  'access.updateUser': { input: userUpdateSchema, output: workspaceUserSchema },
  'access.setUserActive': { input: z.strictObject({ id: idSchema, active: z.boolean() }), output: workspaceUserSchema },
  'access.setUserRoles': { input: z.strictObject({ id: idSchema, roleIds: z.array(idSchema).max(100) }), output: workspaceUserSchema },
  'access.createRole': { input: z.strictObject({ name: roleNameSchema }), output: roleSchema },
  'access.renameRole': { input: z.strictObject({ id: idSchema, name: roleNameSchema }), output: roleSchema },
  'access.deleteRole': { input: z.strictObject({ id: idSchema }), output: z.void() },
  'access.setRoleScope': {
    input: z.strictObject({ id: idSchema, scope: accessScopeSchema, enabled: z.boolean() }),
    output: roleSchema,
  },
  'access.effectiveAccess': { input: z.strictObject({ userId: idSchema }), output: effectiveAccessSchema },
  'access.auditLog': {
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(200) }),
    output: z.array(auditEntrySchema),
  },
  'access.previewImport': {
    input: z.strictObject({ csv: z.string().max(maxImportBytes, 'The file is larger than 1 MB: split it into smaller files.') }),
    output: importPreviewSchema,
  },
  'access.confirmImport': {
    input: z.strictObject({ rows: z.array(importRowSchema).min(1, 'There are no valid rows to import.').max(maxImportRows) }),
    output: importResultSchema,
  },
} as const;

export const accessEvents = {
  /** Users, roles or their scopes changed: pages and windows showing them read them again. */
  'access.changed': z.object({ at: z.iso.datetime() }),
} as const;
