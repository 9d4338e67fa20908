/**
 * The console's page ids, apart from the page registry: the store and the shell name pages
 * without importing every page (which would tie them all into one import cycle).
 */
export type PageId = 'integration' | 'access' | 'accounts' | 'calendar' | 'contacts' | 'email' | 'jobs' | 'logs' | 'diagnostics';
