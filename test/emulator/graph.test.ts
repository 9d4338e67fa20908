import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTenant } from './demoTenant.ts';
import {
  CONTACT_KEYS,
  DELTA_CONTEXT,
  ETAG,
  EVENT_KEYS,
  EVENT_TYPES,
  GRAPH_DATETIME,
  GRAPH_INNER_ERROR_KEYS,
  REMOVED_REASONS,
  STATUS,
  USER_KEYS,
} from './fixtures/documentedShapes.ts';
import type { Emulator } from './server.ts';
import { graph, signIn, startDemoEmulator, type GraphJson } from './support/session.ts';

let emulator: Emulator;
let demo: DemoTenant;
let token: string;
const ADELE = 'adele.vance@contoso.onmicrosoft.com';
const PROP = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name CrmMeetingId';

beforeAll(async () => {
  ({ emulator, demo } = await startDemoEmulator());
  token = (await signIn(emulator, demo, 'Adele')).access_token;
});
afterAll(() => emulator.stop());

function expectGraphError(json: GraphJson | null, code: string) {
  expect(json?.error.code).toBe(code);
  expect(typeof json?.error.message).toBe('string');
  expect(Object.keys(json?.error.innerError)).toEqual(expect.arrayContaining(GRAPH_INNER_ERROR_KEYS));
}

const event = (subject: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  subject,
  start: { dateTime: start, timeZone: 'UTC' },
  end: { dateTime: end, timeZone: 'UTC' },
  ...extra,
});

describe('Graph v1.0', () => {
  it('GET /me has the documented user properties', async () => {
    const me = await graph(emulator, token, '/me');
    expect(Object.keys(me.json!)).toEqual(USER_KEYS);
    expect(me.json!['@odata.context']).toBe(`${emulator.graphBaseUrl}/v1.0/$metadata#users/$entity`);
  });

  it('creates, reads, updates and deletes an event with documented shapes', async () => {
    const created = await graph(emulator, token, '/me/events', {
      method: 'POST',
      body: event('Plan', '2030-03-01T09:00:00', '2030-03-01T10:00:00'),
    });
    expect(created.status).toBe(STATUS.created);
    const { '@odata.context': context, ...props } = created.json!;
    expect(context).toMatch(/\/v1\.0\/\$metadata#users\('[0-9a-f-]+'\)\/events\/\$entity$/);
    expect(Object.keys(props)).toEqual(EVENT_KEYS);
    expect(props['@odata.etag']).toMatch(ETAG);
    expect(props['@odata.etag']).toBe(`W/"${props.changeKey}"`);
    expect(props.start).toEqual({ dateTime: '2030-03-01T09:00:00.0000000', timeZone: 'UTC' });
    const patched = await graph(emulator, token, `/me/events/${props.id}`, {
      method: 'PATCH',
      body: { subject: 'Plan v2' },
      headers: { Prefer: 'outlook.timezone="Pacific Standard Time"' },
    });
    expect(patched.json!.subject).toBe('Plan v2');
    expect(patched.json!.changeKey).not.toBe(props.changeKey);
    expect(patched.json!.start).toEqual({ dateTime: '2030-03-01T01:00:00.0000000', timeZone: 'Pacific Standard Time' });
    expect((await graph(emulator, token, `/me/events/${props.id}`, { method: 'DELETE' })).status).toBe(STATUS.noContent);
    const gone = await graph(emulator, token, `/me/events/${props.id}`);
    expect(gone.status).toBe(404);
    expectGraphError(gone.json, 'ErrorItemNotFound');
  });

  it('returns the existing event for a repeated transactionId', async () => {
    const body = event('Once', '2030-03-02T09:00:00', '2030-03-02T10:00:00', { transactionId: 'tx-42' });
    const first = await graph(emulator, token, '/me/events', { method: 'POST', body });
    const second = await graph(emulator, token, '/me/events', { method: 'POST', body });
    expect(second.json!.id).toBe(first.json!.id);
    expect(second.json!.transactionId).toBe('tx-42');
  });

  it('stores singleValueExtendedProperties and returns them only through $expand with $filter', async () => {
    const created = await graph(emulator, token, '/me/events', {
      method: 'POST',
      body: event('Tagged', '2030-03-03T09:00:00', '2030-03-03T10:00:00', {
        singleValueExtendedProperties: [{ id: PROP, value: 'crm-7' }],
      }),
    });
    expect(created.json).not.toHaveProperty('singleValueExtendedProperties');
    const filter = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${PROP}')`);
    const expanded = await graph(emulator, token, `/me/events/${created.json!.id}?$expand=${filter}`);
    expect(expanded.json!.singleValueExtendedProperties).toEqual([{ id: PROP, value: 'crm-7' }]);
    const found = await graph(
      emulator,
      token,
      `/me/events?$filter=${encodeURIComponent(`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP}' and ep/value eq 'crm-7')`)}`,
    );
    expect(found.json!.value.map((e: { id: string }) => e.id)).toEqual([created.json!.id]);
  });

  it('expands a series into occurrences and exceptions in calendarView, in the preferred time zone', async () => {
    const seriesId = emulator.outlook.createEvent(
      ADELE,
      event('Standup', '2031-01-05T09:00:00', '2031-01-05T09:15:00', {
        recurrence: {
          pattern: { type: 'daily', interval: 1 },
          range: { type: 'numbered', startDate: '2031-01-05', numberOfOccurrences: 4 },
        },
      }),
    );
    emulator.outlook.updateEvent(ADELE, emulator.outlook.occurrenceId(seriesId, '2031-01-06T09:00:00Z'), {
      subject: 'Standup (moved)',
      start: { dateTime: '2031-01-06T11:00:00', timeZone: 'UTC' },
      end: { dateTime: '2031-01-06T11:15:00', timeZone: 'UTC' },
    });
    emulator.outlook.cancelOccurrence(ADELE, seriesId, '2031-01-07T09:00:00Z');
    const view = await graph(emulator, token, '/me/calendarView?startDateTime=2031-01-01T00:00:00Z&endDateTime=2031-01-31T00:00:00Z', {
      headers: { Prefer: 'outlook.timezone="W. Europe Standard Time"' },
    });
    expect(view.headers['preference-applied']).toBe('outlook.timezone="W. Europe Standard Time"');
    const items = view.json!.value as Array<GraphJson>;
    expect(items.map((e) => e.type)).toEqual(['occurrence', 'exception', 'occurrence']);
    for (const item of items) {
      expect(EVENT_TYPES).toContain(item.type);
      expect(item.seriesMasterId).toBe(seriesId);
      expect(item.start.dateTime).toMatch(GRAPH_DATETIME);
      expect(item.start.timeZone).toBe('W. Europe Standard Time');
    }
    expect(items[0].start.dateTime).toBe('2031-01-05T10:00:00.0000000');
    expect(items[1]).toMatchObject({ subject: 'Standup (moved)', start: { dateTime: '2031-01-06T12:00:00.0000000' } });
    const missing = await graph(emulator, token, '/me/calendarView');
    expect(missing.status).toBe(400);
    expectGraphError(missing.json, 'ErrorInvalidParameter');
  });

  it('pages calendarView/delta with nextLink, deltaLink and @removed', async () => {
    const window = 'startDateTime=2032-05-01T00:00:00Z&endDateTime=2032-05-31T00:00:00Z';
    const ids = [1, 2, 3].map((d) =>
      emulator.outlook.createEvent(ADELE, event(`D${d}`, `2032-05-0${d}T09:00:00`, `2032-05-0${d}T10:00:00`)),
    );
    const prefer = { Prefer: 'odata.maxpagesize=2' };
    const first = await graph(emulator, token, `/me/calendarView/delta?${window}`, { headers: prefer });
    expect(first.headers['preference-applied']).toBe('odata.maxpagesize=2');
    expect(first.json!['@odata.context']).toMatch(DELTA_CONTEXT);
    expect(first.json!.value).toHaveLength(2);
    expect(first.json!.value[0]['@odata.type']).toBe('#microsoft.graph.event');
    const nextLink = first.json!['@odata.nextLink'] as string;
    expect(nextLink).toMatch(/^https:\/\/localhost:\d+\/v1\.0\/me\/calendarView\/delta\?\$skiptoken=/);
    expect(nextLink).not.toContain('startDateTime');
    const second = await graph(emulator, token, nextLink.replace(`${emulator.graphBaseUrl}/v1.0`, ''), { headers: prefer });
    expect(second.json!.value).toHaveLength(1);
    const deltaLink = second.json!['@odata.deltaLink'] as string;
    expect(deltaLink).toMatch(/\$deltatoken=/);

    emulator.outlook.deleteEvent(ADELE, ids[0]);
    emulator.outlook.updateEvent(ADELE, ids[1], { subject: 'D2 edited' });
    const changes = await graph(emulator, token, deltaLink.replace(`${emulator.graphBaseUrl}/v1.0`, ''));
    const value = changes.json!.value as Array<GraphJson>;
    expect(value.find((e) => e.id === ids[1])?.subject).toBe('D2 edited');
    const removed = value.find((e) => e.id === ids[0])!;
    expect(Object.keys(removed).sort()).toEqual(['@odata.type', '@removed', 'id']);
    expect(REMOVED_REASONS).toContain(removed['@removed'].reason);
  });

  it('does contact folders and contacts CRUD', async () => {
    const folder = await graph(emulator, token, '/me/contactFolders', { method: 'POST', body: { displayName: 'CRM' } });
    expect(folder.status).toBe(STATUS.created);
    const contact = await graph(emulator, token, `/me/contactFolders/${folder.json!.id}/contacts`, {
      method: 'POST',
      body: { givenName: 'Pavel', surname: 'Bansky', emailAddresses: [{ address: 'pavel@fabrikam.example', name: 'Pavel Bansky' }] },
    });
    const props = { ...contact.json! };
    delete props['@odata.context'];
    expect(Object.keys(props)).toEqual(expect.arrayContaining(CONTACT_KEYS));
    expect(props.parentFolderId).toBe(folder.json!.id);
    const patched = await graph(emulator, token, `/me/contacts/${props.id}`, { method: 'PATCH', body: { jobTitle: 'Buyer' } });
    expect(patched.json!.jobTitle).toBe('Buyer');
    expect(patched.json!['@odata.etag']).toMatch(ETAG);
    const listed = await graph(emulator, token, `/me/contactFolders/${folder.json!.id}/contacts`);
    expect(listed.json!.value).toHaveLength(1);
    expect((await graph(emulator, token, `/me/contacts/${props.id}`, { method: 'DELETE' })).status).toBe(STATUS.noContent);
  });

  it('runs $batch with dependsOn and per-request status, and refuses more than 20 requests', async () => {
    const batch = await graph(emulator, token, '/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/me' },
          { id: '2', method: 'GET', url: '/me/events/AAMkAGdoesNotExistAAA=' },
          {
            id: '3',
            method: 'POST',
            url: '/me/events',
            dependsOn: ['2'],
            headers: { 'Content-Type': 'application/json' },
            body: event('x', '2030-01-01T00:00:00', '2030-01-01T01:00:00'),
          },
          {
            id: '4',
            method: 'POST',
            url: '/me/events',
            dependsOn: ['1'],
            headers: { 'Content-Type': 'application/json' },
            body: event('y', '2030-01-01T00:00:00', '2030-01-01T01:00:00'),
          },
        ],
      },
    });
    expect(batch.status).toBe(200);
    expect(batch.json!.responses.map((r: { id: string; status: number }) => [r.id, r.status])).toEqual([
      ['1', 200],
      ['2', 404],
      ['3', STATUS.failedDependency],
      ['4', 201],
    ]);
    const tooMany = await graph(emulator, token, '/$batch', {
      method: 'POST',
      body: { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' })) },
    });
    expect(tooMany.status).toBe(400);
    expectGraphError(tooMany.json, 'BadRequest');
  });

  it('answers 401 InvalidAuthenticationToken without or with an expired token, 403 without the scope', async () => {
    const none = await graph(emulator, '', '/me');
    expect(none.status).toBe(STATUS.unauthorized);
    expectGraphError(none.json, 'InvalidAuthenticationToken');
    const narrow = await signIn(emulator, demo, 'Alex', 'openid offline_access User.Read');
    const alexToken = narrow.access_token;
    emulator.directory.userConsents.set(
      `${emulator.directory.findUser('alex.wilber@contoso.onmicrosoft.com')!.id}|${demo.app.clientId}`,
      new Set(['User.Read']),
    );
    const limited = await signIn(emulator, demo, 'Alex', 'openid offline_access User.Read');
    const forbidden = await graph(emulator, limited.access_token, '/me/events');
    expect(forbidden.status).toBe(STATUS.forbidden);
    expectGraphError(forbidden.json, 'ErrorAccessDenied');
    emulator.clock.advance(2 * 3600_000);
    try {
      const expired = await graph(emulator, alexToken, '/me');
      expect(expired.status).toBe(STATUS.unauthorized);
      expect(expired.json!.error.message).toMatch(/expired/);
    } finally {
      emulator.clock.advance(-2 * 3600_000);
    }
  });
});
