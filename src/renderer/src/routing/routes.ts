import { landingPage, pageIds, type PageId } from '../pages/pageIds';

/**
 * Where the administrator is: a page, and on some pages one thing on it. Kept in the URL's
 * fragment (`#/jobs/runs/42`) so it works the same under the desktop app's app:// origin and the
 * headless console's http origin, survives a reload and takes part in Back and Forward.
 */
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

/** The route of the address the window shows now (`#/jobs/runs/42`); the landing page without one. */
export function currentRoute(): Route {
  if (typeof window === 'undefined') return { page: landingPage } as Route;
  return parseRoute(window.location.hash.replace(/^#/, ''));
}
