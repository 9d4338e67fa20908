// Calendars and events: /calendars, /calendar, /events, …/events/{id}, /events/{id}/cancel,
// /events/{id}/instances, and the calendarView routes.
import { json, noContent, type EmulatorResponse } from '../http.ts';
import { InvalidEventError, type EventInput, type MailboxChanges } from '../mailboxChanges.ts';
import { isWellFormedItemId, newChangeKey, newItemId } from '../ids.ts';
import type { Calendar } from '../store.ts';
import { handleCalendarView, handleCalendarViewDelta, handleInstances } from './calendarViews.ts';
import { metadataUrl, preferences, type GraphCall, type GraphContext } from './context.ts';
import { badRequest, graphError, notFound } from './errors.ts';
import { eventJson, parseExpand, parseSelect, selectProperties } from './eventJson.ts';
import { asInstance, findInstance } from './instances.ts';

function calendarJson(calendar: Calendar, call: GraphCall): Record<string, unknown> {
  return {
    '@odata.etag': `W/"${calendar.changeKey}"`,
    id: calendar.id,
    name: calendar.name,
    color: calendar.color,
    hexColor: '',
    isDefaultCalendar: calendar.isDefaultCalendar,
    changeKey: calendar.changeKey,
    canShare: true,
    canViewPrivateItems: true,
    canEdit: true,
    allowedOnlineMeetingProviders: calendar.allowedOnlineMeetingProviders ?? ['teamsForBusiness'],
    defaultOnlineMeetingProvider: calendar.defaultOnlineMeetingProvider ?? 'teamsForBusiness',
    isTallyingResponses: true,
    isRemovable: !calendar.isDefaultCalendar,
    owner: { name: call.user.displayName, address: call.user.userPrincipalName },
  };
}

function parseJson(call: GraphCall): EventInput | null {
  try {
    const value = JSON.parse(call.req.body || '{}');
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

/** Events of a mailbox, routed on the path after /me. Returns null when the path is not a calendar path. */
export function routeEvents(ctx: GraphContext, changes: MailboxChanges, call: GraphCall): EmulatorResponse | null {
  const { req, mailbox } = call;
  const parts = call.rest.split('/').filter(Boolean);
  const defaultCalendar = mailbox.calendars.find((c) => c.isDefaultCalendar)!;
  const method = req.method;

  if (parts[0] === 'calendars' && parts.length === 1) {
    if (method === 'GET') {
      return json(200, {
        '@odata.context': metadataUrl(ctx, `users('${call.user.id}')/calendars`),
        value: mailbox.calendars.map((c) => calendarJson(c, call)),
      });
    }
    if (method === 'POST') {
      const body = parseJson(call) as { name?: string } | null;
      if (!body?.name) return badRequest(req, 'A calendar needs a name.', 'ErrorInvalidRequest');
      const calendar: Calendar = { id: newItemId(), name: body.name, color: 'auto', isDefaultCalendar: false, changeKey: newChangeKey() };
      mailbox.calendars.push(calendar);
      return json(201, {
        '@odata.context': metadataUrl(ctx, `users('${call.user.id}')/calendars/$entity`),
        ...calendarJson(calendar, call),
      });
    }
  }
  let calendar: Calendar | undefined;
  let tail: string[];
  if (parts[0] === 'calendar') {
    calendar = defaultCalendar;
    tail = parts.slice(1);
  } else if (parts[0] === 'calendars') {
    calendar = mailbox.calendars.find((c) => c.id === parts[1]);
    if (!calendar) return notFound(req);
    tail = parts.slice(2);
  } else {
    tail = parts;
  }
  if (tail.length === 0 && calendar && method === 'GET') {
    return json(200, { '@odata.context': metadataUrl(ctx, `users('${call.user.id}')/calendars/$entity`), ...calendarJson(calendar, call) });
  }
  if (tail[0] === 'calendarView' && method === 'GET') {
    const target = calendar ?? defaultCalendar;
    if (tail[1] === 'delta' && tail.length === 2) {
      // Microsoft documents delta on /me/calendarView and /users/{id}/calendarView; on
      // /calendars/{id}/calendarView it is seen working. /calendar/calendarView/delta is neither.
      if (parts[0] === 'calendar')
        return badRequest(req, "Unsupported request: Change tracking is not supported against 'microsoft.graph.event'.", 'BadRequest');
      return handleCalendarViewDelta(ctx, call, target.id, `/${parts.join('/')}`);
    }
    if (tail.length === 1) return handleCalendarView(ctx, call, target.id);
  }
  if (tail[0] !== 'events') return null;
  const expand = parseExpand(req.url.searchParams.get('$expand'));
  if (expand === 'invalid') return badRequest(req, 'The $expand query option is not supported by the emulator in this form.');
  const zone = preferences(req).timeZone;
  const entityContext = metadataUrl(ctx, `users('${call.user.id}')/events/$entity`);

  if (tail.length === 1 && method === 'GET') return listEvents(ctx, call, calendar?.id ?? null, expand, zone);
  if (tail.length === 1 && method === 'POST') {
    const input = parseJson(call);
    if (!input) return badRequest(req, 'Empty Payload. JSON content expected.');
    try {
      const { event } = changes.createEvent(mailbox, call.user, (calendar ?? defaultCalendar).id, input);
      return json(201, eventJson(asInstance(event), call.user, zone, expand, entityContext));
    } catch (error) {
      if (error instanceof InvalidEventError) return badRequest(req, error.message, error.code);
      throw error;
    }
  }
  const id = decodeURIComponent(tail[1] ?? '');
  if (!isWellFormedItemId(id)) return graphError(req, 400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
  if (tail.length === 2) {
    if (method === 'GET') {
      const select = parseSelect(req.url.searchParams.get('$select'));
      const instance = findInstance(mailbox, id);
      return instance ? json(200, selectProperties(eventJson(instance, call.user, zone, expand, entityContext), select)) : notFound(req);
    }
    if (method === 'PATCH') {
      const input = parseJson(call);
      if (!input) return badRequest(req, 'Empty Payload. JSON content expected.');
      try {
        const updatedId = changes.updateEvent(mailbox, id, input);
        if (!updatedId) return notFound(req);
        return json(200, eventJson(findInstance(mailbox, updatedId)!, call.user, zone, expand, entityContext));
      } catch (error) {
        if (error instanceof InvalidEventError) return badRequest(req, error.message, error.code);
        throw error;
      }
    }
    if (method === 'DELETE') return changes.deleteEvent(mailbox, id) ? noContent() : notFound(req);
  }
  if (tail.length === 3 && tail[2] === 'instances' && method === 'GET') return handleInstances(ctx, call, id);
  if (tail.length === 3 && tail[2] === 'cancel' && method === 'POST') {
    // Cancelling sends cancellation notices to attendees; the organizer's copy is removed.
    const instance = findInstance(mailbox, id);
    if (!instance) return notFound(req);
    if (instance.master.organizer.address.toLowerCase() !== call.user.userPrincipalName.toLowerCase()) {
      return badRequest(req, "Your request can't be completed. You need to be an organizer to cancel a meeting.");
    }
    changes.deleteEvent(mailbox, id);
    return { status: 202, headers: {}, body: '' };
  }
  return null;
}

function listEvents(
  ctx: GraphContext,
  call: GraphCall,
  calendarId: string | null,
  expand: Exclude<ReturnType<typeof parseExpand>, 'invalid'>,
  zone: string | null,
): EmulatorResponse {
  const q = call.req.url.searchParams;
  const filter = q.get('$filter');
  let match: ((props: Array<{ id: string; value: string }>) => boolean) | null = null;
  if (filter) {
    const m =
      /^singleValueExtendedProperties\/any\(\s*(\w+)\s*:\s*\1\/id\s+eq\s+'([^']+)'(?:\s+and\s+\1\/value\s+eq\s+'([^']*)')?\s*\)$/i.exec(
        filter.trim(),
      );
    if (!m) return badRequest(call.req, 'The $filter expression is not supported by the emulator.');
    const [, , propId, propValue] = m;
    match = (props) => props.some((p) => p.id.toLowerCase() === propId.toLowerCase() && (propValue === undefined || p.value === propValue));
  }
  const top = Math.min(Number(q.get('$top') ?? preferences(call.req).maxPageSize ?? 10), 1000);
  const skip = Number(q.get('$skip') ?? 0);
  const events = [...call.mailbox.events.values()]
    .filter((e) => (!calendarId || e.calendarId === calendarId) && (!match || match(e.extendedProperties)))
    .sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime));
  const body: Record<string, unknown> = { '@odata.context': metadataUrl(ctx, `users('${call.user.id}')/events`) };
  if (skip + top < events.length) {
    const next = new URL(call.req.url.toString());
    next.searchParams.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${ctx.graphBase()}${next.pathname.slice(1)}${next.search}`;
  }
  body.value = events.slice(skip, skip + top).map((e) => eventJson(asInstance(e), call.user, zone, expand));
  return json(200, body);
}
