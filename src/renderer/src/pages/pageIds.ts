/**
 * The console's page ids, apart from the page registry: the store, the router and the shell name
 * pages without importing every page (which would tie them all into one import cycle).
 */
export const pageIds = [
  'overview',
  'integration',
  'access',
  'accounts',
  'calendar',
  'contacts',
  'email',
  'jobs',
  'logs',
  'diagnostics',
] as const;
export type PageId = (typeof pageIds)[number];

/** The page the console opens on: whether things are healthy, before any form. */
export const landingPage: PageId = 'overview';
