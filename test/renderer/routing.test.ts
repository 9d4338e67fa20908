import { describe, expect, it } from 'vitest';
import { pageIds } from '../../src/renderer/src/pages/pageIds';
import { parseRoute, routePath, type Route } from '../../src/renderer/src/routing/routes';

describe('console addresses', () => {
  it('gives every page an address that reads back as that page', () => {
    for (const page of pageIds) {
      const route = { page } as Route;
      expect(routePath(route)).toBe(`/${page}`);
      expect(parseRoute(routePath(route))).toEqual(route);
    }
  });

  it('gives a job run, a run’s log, an event and a contact their own address', () => {
    const places: [Route, string][] = [
      [{ page: 'jobs', runId: 'a b/c' }, '/jobs/runs/a%20b%2Fc'],
      [{ page: 'logs', runId: 'r1' }, '/logs/runs/r1'],
      [{ page: 'calendar', eventId: '12' }, '/calendar/events/12'],
      [{ page: 'contacts', personId: '7' }, '/contacts/people/7'],
    ];
    for (const [route, path] of places) {
      expect(routePath(route)).toBe(path);
      expect(parseRoute(path)).toEqual(route);
    }
  });

  it('opens the overview for an empty or unknown address, and the page for an unknown part of it', () => {
    expect(parseRoute('/')).toEqual({ page: 'overview' });
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('/token=abc')).toEqual({ page: 'overview' });
    expect(parseRoute('/nowhere/else')).toEqual({ page: 'overview' });
    expect(parseRoute('/jobs/events/3')).toEqual({ page: 'jobs' });
    expect(parseRoute('/integration/runs/3')).toEqual({ page: 'integration' });
    expect(parseRoute('/calendar/events/3/more')).toEqual({ page: 'calendar' });
  });
});
