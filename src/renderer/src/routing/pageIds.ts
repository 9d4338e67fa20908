/**
 * The pages' ids, apart from the page components: the router, the store and the pages
 * themselves name pages without importing the registry (which imports every page).
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
