import type { HeadlessConsole } from '../headlessConsole';

/** The console's printed URL opened at one place (`/integration`, `/jobs/runs/…`): the token rides after the route. */
export function consoleUrlAt(app: HeadlessConsole, path: string): string {
  return app.url.replace('#token=', `#${path}&token=`);
}
