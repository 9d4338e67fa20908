import { parseRoute, type Route } from '../../../shared/contract/pageAddress';
import { landingPage } from '../pages/pageIds';

/**
 * Where the administrator is: a page, and on some pages one thing on it. Kept in the URL's
 * fragment (`#/jobs/runs/42`) so it works the same under the desktop app's app:// origin and the
 * headless console's http origin, survives a reload and takes part in Back and Forward. The
 * addresses are the shared contract's, which main uses for notifications.
 */
export { parseRoute, routePath, sameRoute, type Route } from '../../../shared/contract/pageAddress';

/** The route of the address the window shows now (`#/jobs/runs/42`); the landing page without one. */
export function currentRoute(): Route {
  if (typeof window === 'undefined') return { page: landingPage } as Route;
  return parseRoute(window.location.hash.replace(/^#/, ''));
}
