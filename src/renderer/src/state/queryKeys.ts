import type { EventKind, HistorySort, PersonKind, RunStatus } from '../../../shared/contract';

/**
 * Every query key the renderer's server state is cached under, in one place. A key starts with
 * the feature whose `*.changed` event makes it stale (state/serverEvents.ts), so one prefix
 * invalidates everything that event touches.
 */
export const queryKeys = {
  appInfo: ['app', 'info'] as const,
  settings: ['settings'] as const,
  status: ['status'] as const,
  integration: ['integration'] as const,
  vault: ['vault'] as const,

  access: ['access'] as const,
  accessOverview: ['access', 'overview'] as const,
  accessAuditLog: ['access', 'auditLog'] as const,
  accessEffective: (userId: number) => ['access', 'effective', userId] as const,

  accounts: ['accounts'] as const,
  accountsList: ['accounts', 'list'] as const,
  organisationMailboxes: ['accounts', 'organisationMailboxes'] as const,

  calendar: ['calendar'] as const,
  calendarEvents: (filter: { userId?: number; kind?: EventKind; search?: string }) => ['calendar', 'events', filter] as const,
  calendarEvent: (id: number) => ['calendar', 'event', id] as const,
  calendarSettings: (userId: number) => ['calendar', 'settings', userId] as const,
  /** A user's Outlook calendars, asked of Graph: read once per panel, no console event changes them. */
  outlookCalendars: (userId: number) => ['outlookCalendars', userId] as const,

  contacts: ['contacts'] as const,
  contactsPeopleAll: ['contacts', 'people'] as const,
  contactsPeople: (filter: { kind: PersonKind; search: string; offset: number }) => ['contacts', 'people', filter] as const,
  contactsPersonAll: ['contacts', 'person'] as const,
  contactsPerson: (id: number) => ['contacts', 'person', id] as const,
  contactsCompanies: (search: string) => ['contacts', 'companies', search] as const,
  contactsSettings: (userId: number) => ['contacts', 'settings', userId] as const,
  contactsPushes: ['contacts', 'pushes'] as const,
  /** A user's Outlook contact folders, asked of Graph: read once per panel, no console event changes them. */
  outlookContactFolders: (userId: number) => ['outlookContactFolders', userId] as const,

  email: ['email'] as const,
  /** Accounts, candidates and features: stale on `email.changed`, and on `accounts.changed` / `integration.changed` too. */
  emailAccountsAll: ['email', 'accounts'] as const,
  emailAccounts: (userId?: number) => ['email', 'accounts', userId ?? 'all'] as const,
  emailList: (filter: { search: string; accountId?: number }) => ['email', 'list', filter] as const,
  emailMessage: (id: number, showRemoteImages: boolean) => ['email', 'message', id, showRemoteImages] as const,
  /** An account's IMAP folders, asked of the mail server when the admin asks: no console event changes them. */
  emailServerFolders: (accountId: number) => ['emailServerFolders', accountId] as const,

  jobs: ['jobs'] as const,
  jobsList: ['jobs', 'list'] as const,
  jobHistoryAll: (jobId: string) => ['jobs', 'history', jobId] as const,
  jobHistory: (jobId: string, view: { statuses: RunStatus[]; sort: HistorySort; descending: boolean; page: number }) =>
    ['jobs', 'history', jobId, view] as const,
  jobPreview: (cron: string) => ['jobs', 'preview', cron] as const,
  jobRun: (runId: string) => ['jobs', 'run', runId] as const,
  jobTrendsAll: (jobId: string) => ['jobs', 'trends', jobId] as const,
  jobTrends: (jobId: string, days: number) => ['jobs', 'trends', jobId, days] as const,
  /**
   * The checks' last results (Diagnostics page and Overview): no event announces a run, so a run
   * writes its report here, opening the page reads it again, and a finished job run re-reads it.
   */
  diagnostics: ['diagnostics'] as const,

  /** The days that have a log file: read when the Logs page opens (a new day's file appears at midnight). */
  logDays: ['log', 'days'] as const,
  /** The log level, retention and folder: only the Logs page's own settings bar changes them. */
  logStatus: ['log', 'status'] as const,
};
