import { Link } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { routePath, type Route } from './routes';

/**
 * A link to a place in the console: a real anchor (`#/jobs/runs/42`), so it can be copied, opened
 * in a new tab of the headless console, and followed with the keyboard; the store follows the
 * address change (App's useFollowAddress), which also asks first when there are unsaved edits.
 */
export function RouteLink({ to, children, ...label }: { to: Route; children: ReactNode; 'aria-label'?: string }) {
  return (
    <Link href={`#${routePath(to)}`} {...label}>
      {children}
    </Link>
  );
}
