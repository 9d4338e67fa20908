/**
 * The console's pages and their addresses, shared by both processes: the renderer's router reads
 * them from the window's fragment (`#/jobs/runs/42`), and main names one when a desktop
 * notification should open the window on the place it is about.
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

/** Where the administrator is: a page, and on some pages one thing on it. */
export type Route =
  | { page: Exclude<PageId, 'jobs' | 'logs' | 'calendar' | 'contacts'> }
  | { page: 'jobs'; runId?: string }
  | { page: 'logs'; runId?: string }
  | { page: 'calendar'; eventId?: string }
  | { page: 'contacts'; personId?: string };

/** A page's sub-address: the one thing it can open by id (`/jobs/runs/:id`). */
const itemSegments = {
  jobs: ['runs', 'runId'],
  logs: ['runs', 'runId'],
  calendar: ['events', 'eventId'],
  contacts: ['people', 'personId'],
} as const;
type PageWithItem = keyof typeof itemSegments;

function hasItem(page: PageId): page is PageWithItem {
  return page in itemSegments;
}

export function routePath(route: Route): string {
  if (hasItem(route.page)) {
    const [segment, key] = itemSegments[route.page];
    const id = (route as Record<string, string | undefined>)[key];
    if (id) return `/${route.page}/${segment}/${encodeURIComponent(id)}`;
  }
  return `/${route.page}`;
}

/** The route an address names; an unknown or empty one is the landing page (an old bookmark still opens). */
export function parseRoute(path: string): Route {
  const [page, segment, id, ...rest] = path.replace(/^\/+/, '').split('/');
  if (!isPageId(page)) return { page: landingPage } as Route;
  if (segment === undefined || segment === '' || !hasItem(page)) return { page } as Route;
  const [expected, key] = itemSegments[page];
  if (segment !== expected || !id || rest.length > 0) return { page } as Route;
  return { page, [key]: safeDecode(id) } as Route;
}

export function sameRoute(a: Route, b: Route): boolean {
  return routePath(a) === routePath(b);
}

function isPageId(value: string | undefined): value is PageId {
  return (pageIds as readonly string[]).includes(value ?? '');
}

function safeDecode(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}
