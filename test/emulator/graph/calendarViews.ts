// GET …/calendarView and …/calendarView/delta.
import { json, type EmulatorResponse } from '../http.ts';
import { metadataUrl, preferences, type GraphCall, type GraphContext } from './context.ts';
import type { DeltaItem, DeltaRound } from './deltaState.ts';
import { badRequest, graphError } from './errors.ts';
import { deltaOccurrenceJson, eventJson, parseExpand, parseSelect, selectProperties } from './eventJson.ts';
import { calendarView, expandSeries } from './instances.ts';
import { parseQueryInstant } from './timezones.ts';

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;

function windowOf(call: GraphCall): { fromUtc: number; toUtc: number } | EmulatorResponse {
  const q = call.req.url.searchParams;
  const fromUtc = parseQueryInstant(q.get('startDateTime') ?? q.get('StartDateTime'));
  const toUtc = parseQueryInstant(q.get('endDateTime') ?? q.get('EndDateTime'));
  if (fromUtc === null || toUtc === null) {
    return badRequest(
      call.req,
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      'ErrorInvalidParameter',
    );
  }
  return { fromUtc, toUtc };
}

function withPreferences(call: GraphCall, body: unknown): EmulatorResponse {
  const applied = preferences(call.req).applied;
  return json(200, body, applied.length ? { 'Preference-Applied': applied.join(',') } : {});
}

export function handleCalendarView(ctx: GraphContext, call: GraphCall, calendarId: string): EmulatorResponse {
  const window = windowOf(call);
  if ('status' in window) return window;
  const q = call.req.url.searchParams;
  const expand = parseExpand(q.get('$expand'));
  if (expand === 'invalid') return badRequest(call.req, 'The $expand query option is not supported by the emulator in this form.');
  const prefs = preferences(call.req);
  const all = calendarView(call.mailbox, calendarId, window.fromUtc, window.toUtc);
  const { page, body } = pageOf(ctx, call, all, metadataUrl(ctx, `users('${call.user.id}')/calendarView`));
  body.value = page.map((i) => eventJson(i, call.user, prefs.timeZone, expand));
  return withPreferences(call, body);
}

/** One $top/$skip page of a listing, with @odata.nextLink when more follow (Prefer: odata.maxpagesize sets $top). */
function pageOf<T>(
  ctx: GraphContext,
  call: GraphCall,
  all: readonly T[],
  contextUrl: string,
): { page: T[]; body: Record<string, unknown> } {
  const q = call.req.url.searchParams;
  const top = Math.min(Number(q.get('$top') ?? preferences(call.req).maxPageSize ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const skip = Number(q.get('$skip') ?? 0);
  const body: Record<string, unknown> = { '@odata.context': contextUrl };
  if (skip + top < all.length) {
    const next = new URL(call.req.url.toString(), ctx.graphBase());
    next.searchParams.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${ctx.graphBase()}${next.pathname.slice(1)}${next.search}`;
  }
  return { page: all.slice(skip, skip + top), body };
}

function itemJson(item: DeltaItem, call: GraphCall, zone: string | null): Record<string, unknown> {
  if (item.removed) return { '@odata.type': '#microsoft.graph.event', id: item.id, '@removed': { reason: 'deleted' } };
  if (item.instance.type === 'occurrence') return deltaOccurrenceJson(item.instance, zone);
  return { '@odata.type': '#microsoft.graph.event', ...eventJson(item.instance, call.user, zone, null) };
}

/** Query options Graph refuses on calendarView delta (it takes only the window and its own tokens). */
const REFUSED_ON_DELTA = ['$select', '$expand', '$filter', '$orderby', '$search', '$top'];

function refusedOptions(call: GraphCall): EmulatorResponse | null {
  const refused = [...call.req.url.searchParams.keys()].filter((key) => REFUSED_ON_DELTA.includes(key.toLowerCase()));
  if (refused.length === 0) return null;
  return graphError(
    call.req,
    400,
    'ErrorInvalidUrlQuery',
    `The following parameters are not supported with change tracking over the 'CalendarView' resource: '${refused.join(', ')}'.`,
  );
}

/**
 * An occurrence deleted on its own (its series still there) is not reported as @removed: Graph
 * has been seen to leave it out of delta altogether (docs/graph-fidelity.md). A client finds out
 * only through the series' instances.
 */
function isOccurrenceOfLiveSeries(call: GraphCall, id: string): boolean {
  const dot = id.lastIndexOf('.');
  return dot > 0 && call.mailbox.events.has(id.slice(0, dot));
}

/** GET /events/{seriesMasterId}/instances?startDateTime=…&endDateTime=…: the series' occurrences and exceptions in the window. */
export function handleInstances(ctx: GraphContext, call: GraphCall, masterId: string): EmulatorResponse {
  const master = call.mailbox.events.get(masterId);
  if (!master) return graphError(call.req, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  const window = windowOf(call);
  if ('status' in window) return window;
  const prefs = preferences(call.req);
  const all = expandSeries(master, window.toUtc + 366 * 24 * 3600_000).filter(
    (i) => i.startUtc < window.toUtc && i.endUtc > window.fromUtc,
  );
  const { page, body } = pageOf(ctx, call, all, metadataUrl(ctx, `users('${call.user.id}')/events('${masterId}')/instances`));
  const select = parseSelect(call.req.url.searchParams.get('$select'));
  body.value = page.map((i) => selectProperties(eventJson(i, call.user, prefs.timeZone, null), select));
  return withPreferences(call, body);
}

export function handleCalendarViewDelta(ctx: GraphContext, call: GraphCall, calendarId: string, path: string): EmulatorResponse {
  const refused = refusedOptions(call);
  if (refused) return refused;
  const q = call.req.url.searchParams;
  const gone = () =>
    graphError(
      call.req,
      410,
      'SyncStateNotFound',
      'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
    );
  let items: DeltaItem[];
  let offset = 0;
  let next: DeltaRound;
  const skipToken = q.get('$skiptoken');
  const deltaToken = q.get('$deltatoken');
  if (skipToken) {
    const pending = ctx.delta.takePages(skipToken);
    if (!pending) return gone();
    ({ items, offset, next } = pending);
  } else {
    let previous: Pick<DeltaRound, 'fromUtc' | 'toUtc' | 'known'>;
    if (deltaToken) {
      const round = ctx.delta.round(deltaToken);
      if (!round || round.userId !== call.user.id) return gone();
      previous = round;
    } else {
      const window = windowOf(call);
      if ('status' in window) return window;
      previous = { ...window, known: new Map() };
    }
    const current = calendarView(call.mailbox, calendarId, previous.fromUtc, previous.toUtc);
    const currentIds = new Set(current.map((i) => i.id));
    items = [
      ...current.filter((i) => previous.known.get(i.id) !== i.changeKey).map((instance): DeltaItem => ({ removed: false, instance })),
      ...[...previous.known.keys()]
        .filter((id) => !currentIds.has(id) && !isOccurrenceOfLiveSeries(call, id))
        .map((id): DeltaItem => ({ removed: true, id })),
    ];
    next = {
      userId: call.user.id,
      calendarId,
      fromUtc: previous.fromUtc,
      toUtc: previous.toUtc,
      known: new Map(current.map((i) => [i.id, i.changeKey])),
      createdAt: ctx.clock.now(),
    };
  }
  const prefs = preferences(call.req);
  const size = Math.max(1, Math.min(prefs.maxPageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
  const page = items.slice(offset, offset + size);
  const link = `${ctx.graphBase()}v1.0/${call.owner}${path}?`;
  const body: Record<string, unknown> = { '@odata.context': metadataUrl(ctx, 'Collection(event)') };
  if (offset + size < items.length) {
    body['@odata.nextLink'] = `${link}$skiptoken=${ctx.delta.savePages(items, offset + size, next)}`;
    body.value = page.map((i) => itemJson(i, call, prefs.timeZone));
  } else {
    body.value = page.map((i) => itemJson(i, call, prefs.timeZone));
    body['@odata.deltaLink'] = `${link}$deltatoken=${ctx.delta.saveRound({ ...next, createdAt: ctx.clock.now() })}`;
  }
  return withPreferences(call, body);
}
