// The emulator refuses and answers as Microsoft Graph does, where Graph is stricter or terser than
// a client might hope. One test per rule of docs/graph-fidelity.md (the rule names match).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTenant } from './demoTenant.ts';
import { DELTA_OCCURRENCE_KEYS, EVENT_KEYS, EVENT_KEYS_WITH_TRANSACTION_ID, GRAPH_INNER_ERROR_KEYS } from './fixtures/documentedShapes.ts';
import type { Emulator } from './server.ts';
import { graph, signIn, startDemoEmulator, type GraphJson } from './support/session.ts';

let emulator: Emulator;
let demo: DemoTenant;
let token: string;
const ADELE = 'adele.vance@contoso.onmicrosoft.com';
const WINDOW = 'startDateTime=2032-03-01T00:00:00Z&endDateTime=2032-04-01T00:00:00Z';

beforeAll(async () => {
  ({ emulator, demo } = await startDemoEmulator());
  token = (await signIn(emulator, demo, 'Adele')).access_token;
});
afterAll(() => emulator.stop());

function expectGraphError(answer: { status: number; json: GraphJson | null }, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.json?.error.code).toBe(code);
  expect(Object.keys(answer.json?.error.innerError ?? {})).toEqual(expect.arrayContaining(GRAPH_INNER_ERROR_KEYS));
}

const event = (subject: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  subject,
  start: { dateTime: start, timeZone: 'UTC' },
  end: { dateTime: end, timeZone: 'UTC' },
  ...extra,
});

async function deltaAll(path: string): Promise<{ items: GraphJson[]; deltaLink: string }> {
  const items: GraphJson[] = [];
  let url = path;
  for (;;) {
    const page = await graph(emulator, token, url.replace(`${emulator.graphBaseUrl}/v1.0`, ''));
    expect(page.status).toBe(200);
    items.push(...page.json!.value);
    if (page.json!['@odata.deltaLink']) return { items, deltaLink: page.json!['@odata.deltaLink'] };
    url = page.json!['@odata.nextLink'];
  }
}

describe('Occurrences in delta', () => {
  it('sends an occurrence with only its id, type, times and series; exceptions and single events with their properties', async () => {
    const seriesId = emulator.outlook.createEvent(
      ADELE,
      event('Board review', '2032-03-02T09:00:00', '2032-03-02T10:00:00', {
        location: { displayName: 'Room 1' },
        attendees: [{ type: 'required', emailAddress: { address: 'alex.wilber@contoso.onmicrosoft.com' } }],
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
          range: { type: 'numbered', startDate: '2032-03-02', numberOfOccurrences: 3 },
        },
      }),
    );
    emulator.outlook.updateEvent(ADELE, emulator.outlook.occurrenceId(seriesId, '2032-03-09T09:00:00Z'), {
      subject: 'Board review (moved)',
    });
    emulator.outlook.createEvent(ADELE, event('Single', '2032-03-05T09:00:00', '2032-03-05T10:00:00'));
    const { items } = await deltaAll(`/me/calendarView/delta?${WINDOW}`);
    const occurrences = items.filter((i) => i.type === 'occurrence');
    expect(occurrences).toHaveLength(2);
    for (const occurrence of occurrences) {
      expect(Object.keys(occurrence)).toEqual(DELTA_OCCURRENCE_KEYS);
      expect(occurrence.seriesMasterId).toBe(seriesId);
    }
    const exception = items.find((i) => i.type === 'exception')!;
    expect(exception).toMatchObject({
      subject: 'Board review (moved)',
      location: { displayName: 'Room 1' },
      isAllDay: false,
      seriesMasterId: seriesId,
    });
    expect(exception.attendees).toHaveLength(1);
    expect(items.find((i) => i.type === 'singleInstance')).toMatchObject({ subject: 'Single', changeKey: expect.any(String) });
  });

  it('does not report an occurrence deleted from its series as @removed; the series instances no longer list it', async () => {
    const seriesId = emulator.outlook.createEvent(
      ADELE,
      event('Daily check', '2032-03-20T08:00:00', '2032-03-20T08:15:00', {
        recurrence: {
          pattern: { type: 'daily', interval: 1 },
          range: { type: 'numbered', startDate: '2032-03-20', numberOfOccurrences: 3 },
        },
      }),
    );
    const first = await deltaAll(`/me/calendarView/delta?${WINDOW}`);
    const deletedId = emulator.outlook.occurrenceId(seriesId, '2032-03-21T08:00:00Z');
    expect(first.items.map((i) => i.id)).toContain(deletedId);
    emulator.outlook.cancelOccurrence(ADELE, seriesId, '2032-03-21T08:00:00Z');
    const next = await deltaAll(first.deltaLink);
    expect(next.items.filter((i) => i['@removed'])).toEqual([]);
    const instances = await graph(emulator, token, `/me/events/${seriesId}/instances?${WINDOW}&$select=id`);
    expect(instances.status).toBe(200);
    expect(instances.json!.value.map((i: GraphJson) => i.id)).toEqual([
      emulator.outlook.occurrenceId(seriesId, '2032-03-20T08:00:00Z'),
      emulator.outlook.occurrenceId(seriesId, '2032-03-22T08:00:00Z'),
    ]);
    expect(Object.keys(instances.json!.value[0])).toEqual(['@odata.etag', 'id']);
    // A whole series deleted is reported: its occurrences come back as @removed.
    emulator.outlook.deleteEvent(ADELE, seriesId);
    const after = await deltaAll(next.deltaLink);
    expect(
      after.items
        .filter((i) => i['@removed'])
        .map((i) => i.id)
        .sort(),
    ).toEqual(
      [
        emulator.outlook.occurrenceId(seriesId, '2032-03-20T08:00:00Z'),
        emulator.outlook.occurrenceId(seriesId, '2032-03-22T08:00:00Z'),
      ].sort(),
    );
  });
});

describe('Query options on event delta', () => {
  for (const option of [
    '$select=subject',
    '$expand=attachments',
    "$filter=subject eq 'x'",
    '$orderby=start/dateTime',
    '$search="x"',
    '$top=5',
  ]) {
    it(`refuses ${option.split('=')[0]} with 400 ErrorInvalidUrlQuery`, async () => {
      const answer = await graph(emulator, token, `/me/calendarView/delta?${WINDOW}&${encodeURI(option)}`);
      expectGraphError(answer, 400, 'ErrorInvalidUrlQuery');
      expect(answer.json!.error.message).toContain(option.split('=')[0]);
    });
  }

  it('serves the documented paths and refuses /me/calendar/calendarView/delta', async () => {
    expect((await graph(emulator, token, `/me/calendarView/delta?${WINDOW}`)).status).toBe(200);
    const calendars = await graph(emulator, token, '/me/calendars');
    const calendarId = calendars.json!.value[0].id;
    expect((await graph(emulator, token, `/me/calendars/${calendarId}/calendarView/delta?${WINDOW}`)).status).toBe(200);
    const userId = demo.users.find((u) => u.userPrincipalName === ADELE)!.id;
    expect((await graph(emulator, token, `/users/${userId}/calendarView/delta?${WINDOW}`)).status).toBe(200);
    expectGraphError(await graph(emulator, token, `/me/calendar/calendarView/delta?${WINDOW}`), 400, 'BadRequest');
  });
});

describe('$batch', () => {
  it('refuses an item with a body and no Content-Type on its own', async () => {
    const batch = await graph(emulator, token, '/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: '1', method: 'POST', url: '/me/events', body: event('No type', '2032-03-03T09:00:00', '2032-03-03T10:00:00') },
          { id: '2', method: 'GET', url: '/me' },
        ],
      },
    });
    expect(batch.status).toBe(200);
    const [first, second] = batch.json!.responses as GraphJson[];
    expect(first).toMatchObject({ id: '1', status: 400, body: { error: { code: 'BadRequest' } } });
    expect(first.body.error.message).toContain('Content-Type');
    expect(second.status).toBe(200);
  });

  it('compares request ids without regard to case: duplicates fail the whole batch', async () => {
    const batch = await graph(emulator, token, '/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: 'a', method: 'GET', url: '/me' },
          { id: 'A', method: 'GET', url: '/me' },
        ],
      },
    });
    expectGraphError(batch, 400, 'BadRequest');
    const dependent = await graph(emulator, token, '/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: 'First', method: 'GET', url: '/me' },
          { id: 'second', method: 'GET', url: '/me', dependsOn: ['first'] },
        ],
      },
    });
    expect(dependent.json!.responses.map((r: GraphJson) => r.status)).toEqual([200, 200]);
  });

  it('answers 424 items in Graph error shape', async () => {
    const batch = await graph(emulator, token, '/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/me/events/AAMkAGnothingHereAAA=' },
          { id: '2', method: 'GET', url: '/me', dependsOn: ['1'] },
        ],
      },
    });
    const failed = (batch.json!.responses as GraphJson[]).find((r) => r.id === '2')!;
    expect(failed.status).toBe(424);
    expect(failed.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(Object.keys(failed.body.error.innerError)).toEqual(expect.arrayContaining(GRAPH_INNER_ERROR_KEYS));
  });
});

describe('Time zones', () => {
  it('takes Windows names and documented IANA names, reports the Windows name, and refuses anything else', async () => {
    const windows = await graph(emulator, token, '/me/events', {
      method: 'POST',
      body: {
        subject: 'W',
        start: { dateTime: '2032-03-04T09:00:00', timeZone: 'W. Europe Standard Time' },
        end: { dateTime: '2032-03-04T10:00:00', timeZone: 'W. Europe Standard Time' },
      },
    });
    expect(windows.status).toBe(201);
    const iana = await graph(emulator, token, '/me/events', {
      method: 'POST',
      body: {
        subject: 'I',
        start: { dateTime: '2032-03-04T09:00:00', timeZone: 'America/New_York' },
        end: { dateTime: '2032-03-04T10:00:00', timeZone: 'America/New_York' },
      },
    });
    expect(iana.status).toBe(201);
    expect(iana.json!.originalStartTimeZone).toBe('Eastern Standard Time');
    expect(iana.json!.start).toEqual({ dateTime: '2032-03-04T14:00:00.0000000', timeZone: 'UTC' });
    for (const zone of ['Mars/Olympus_Mons', 'CET+1', 'Central Europe']) {
      const refused = await graph(emulator, token, '/me/events', {
        method: 'POST',
        body: {
          subject: 'X',
          start: { dateTime: '2032-03-04T09:00:00', timeZone: zone },
          end: { dateTime: '2032-03-04T10:00:00', timeZone: zone },
        },
      });
      expectGraphError(refused, 400, 'TimeZoneNotSupportedException');
      expect(refused.json!.error.message).toContain(zone);
    }
  });
});

describe('Contacts', () => {
  it('refuses more than 2 business phones, 2 home phones or 3 email addresses with the service message', async () => {
    const three = await graph(emulator, token, '/me/contacts', {
      method: 'POST',
      body: { displayName: 'Too many', businessPhones: ['1', '2', '3'] },
    });
    expectGraphError(three, 400, 'ErrorInvalidArgument');
    expect(three.json!.error.message).toBe(
      'The multi value property BusinessPhones has 3 entries, that exceeds the max allowed value of 2',
    );
    const home = await graph(emulator, token, '/me/contacts', {
      method: 'POST',
      body: { displayName: 'Too many', homePhones: ['1', '2', '3'] },
    });
    expect(home.json!.error.message).toContain('HomePhones has 3 entries');
    const emails = await graph(emulator, token, '/me/contacts', {
      method: 'POST',
      body: { displayName: 'Too many', emailAddresses: [1, 2, 3, 4].map((n) => ({ address: `a${n}@example.com` })) },
    });
    expect(emails.json!.error.message).toContain('EmailAddresses has 4 entries, that exceeds the max allowed value of 3');
    const fits = await graph(emulator, token, '/me/contacts', {
      method: 'POST',
      body: {
        displayName: 'Fits',
        businessPhones: ['1', '2'],
        homePhones: ['3', '4'],
        mobilePhone: '5',
        emailAddresses: [1, 2, 3].map((n) => ({ address: `b${n}@example.com` })),
      },
    });
    expect(fits.status).toBe(201);
    const patched = await graph(emulator, token, `/me/contacts/${fits.json!.id}`, {
      method: 'PATCH',
      body: { businessPhones: ['1', '2', '3'] },
    });
    expectGraphError(patched, 400, 'ErrorInvalidArgument');
  });
});

describe('Idempotency and ids', () => {
  it('answers a repeated transactionId with the same body with the event, with another body 400 ErrorDuplicateTransactionId', async () => {
    const body = event('Once', '2032-03-06T09:00:00', '2032-03-06T10:00:00', { transactionId: 'strict-tx-1' });
    const first = await graph(emulator, token, '/me/events', { method: 'POST', body });
    const again = await graph(emulator, token, '/me/events', { method: 'POST', body });
    expect(again.json!.id).toBe(first.json!.id);
    expect(Object.keys(first.json!).filter((key) => key !== '@odata.context')).toEqual(EVENT_KEYS_WITH_TRANSACTION_ID);
    expectGraphError(
      await graph(emulator, token, '/me/events', { method: 'POST', body: { ...body, subject: 'Once, edited' } }),
      400,
      'ErrorDuplicateTransactionId',
    );
  });

  it('leaves transactionId out of events created without one', async () => {
    const created = await graph(emulator, token, '/me/events', {
      method: 'POST',
      body: event('No tx', '2032-03-07T09:00:00', '2032-03-07T10:00:00'),
    });
    expect(Object.keys(created.json!).filter((key) => key !== '@odata.context')).toEqual(EVENT_KEYS);
    expect(created.json).not.toHaveProperty('transactionId');
  });

  it('answers an unknown well-formed id 404 ErrorItemNotFound and a malformed one 400 ErrorInvalidIdMalformed', async () => {
    expectGraphError(await graph(emulator, token, '/me/events/AAMkAGunknownButWellFormedAAA='), 404, 'ErrorItemNotFound');
    expectGraphError(await graph(emulator, token, '/me/events/not-an-id'), 400, 'ErrorInvalidIdMalformed');
    expectGraphError(
      await graph(emulator, token, '/me/contacts/not-an-id', { method: 'PATCH', body: { displayName: 'x' } }),
      400,
      'ErrorInvalidIdMalformed',
    );
  });

  it('honours $select on GET /events/{id}', async () => {
    const created = await graph(emulator, token, '/me/events', {
      method: 'POST',
      body: event('Selected', '2032-03-08T09:00:00', '2032-03-08T10:00:00'),
    });
    const selected = await graph(emulator, token, `/me/events/${created.json!.id}?$select=subject,isAllDay`);
    expect(Object.keys(selected.json!).sort()).toEqual(['@odata.context', '@odata.etag', 'id', 'isAllDay', 'subject'].sort());
  });
});

describe('Throttling', () => {
  it('sends Retry-After with a fraction of a second as the service may', async () => {
    emulator.faults.add({ fault: { kind: 'throttle', retryAfterSeconds: 2.128 }, match: { path: '/me/calendars' } });
    const throttled = await graph(emulator, token, '/me/calendars');
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('2.128');
  });
});

describe('Series masters', () => {
  it('returns the recurrence with every pattern and range key, the unused ones at their defaults, and recurrenceTimeZone', async () => {
    const seriesId = emulator.outlook.createEvent(ADELE, {
      subject: 'Weekly',
      start: { dateTime: '2032-05-03T09:00:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2032-05-03T09:30:00', timeZone: 'Europe/Paris' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['Monday'] },
        range: { type: 'numbered', startDate: '2032-05-03', numberOfOccurrences: 5 },
      },
    });
    const master = await graph(emulator, token, `/me/events/${seriesId}?$select=recurrence,type`);
    expect(master.json!.type).toBe('seriesMaster');
    expect(master.json!.recurrence).toEqual({
      pattern: { type: 'weekly', interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday', index: 'first' },
      range: {
        type: 'numbered',
        startDate: '2032-05-03',
        endDate: '0001-01-01',
        recurrenceTimeZone: 'Romance Standard Time',
        numberOfOccurrences: 5,
      },
    });
  });

  it('refuses a recurrence whose range starts on another day than the event, and a pattern missing what its type needs', async () => {
    const offDay = await graph(emulator, token, '/me/events', {
      method: 'POST',
      body: event('Off by a day', '2032-06-01T09:00:00', '2032-06-01T09:30:00', {
        recurrence: {
          pattern: { type: 'daily', interval: 1 },
          range: { type: 'numbered', startDate: '2032-06-02', numberOfOccurrences: 2 },
        },
      }),
    });
    expectGraphError(offDay, 400, 'ErrorPropertyValidationFailure');
    const noIndexDay = await graph(emulator, token, '/me/events', {
      method: 'POST',
      body: event('No day', '2032-06-01T09:00:00', '2032-06-01T09:30:00', {
        recurrence: { pattern: { type: 'relativeMonthly', interval: 1 }, range: { type: 'noEnd', startDate: '2032-06-01' } },
      }),
    });
    expect(noIndexDay.status).toBe(400);
  });

  it('expands relativeMonthly, absoluteYearly and relativeYearly as the recurrencePattern page describes them', async () => {
    const series = async (subject: string, start: string, pattern: Record<string, unknown>) => {
      const created = await graph(emulator, token, '/me/events', {
        method: 'POST',
        body: event(subject, `${start}T09:00:00`, `${start}T09:30:00`, {
          recurrence: { pattern, range: { type: 'numbered', startDate: start, numberOfOccurrences: 3 } },
        }),
      });
      expect(created.status).toBe(201);
      const instances = await graph(
        emulator,
        token,
        `/me/events/${created.json!.id}/instances?startDateTime=2032-01-01T00:00:00Z&endDateTime=2036-01-01T00:00:00Z&$select=start`,
      );
      return instances.json!.value.map((instance: GraphJson) => instance.start.dateTime.slice(0, 10));
    };
    expect(
      await series('Last Friday', '2032-01-30', { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' }),
    ).toEqual(['2032-01-30', '2032-02-27', '2032-03-26']);
    expect(await series('Anniversary', '2032-03-05', { type: 'absoluteYearly', interval: 1, dayOfMonth: 5, month: 3 })).toEqual([
      '2032-03-05',
      '2033-03-05',
      '2034-03-05',
    ]);
    expect(
      await series('Thanksgiving', '2032-11-25', {
        type: 'relativeYearly',
        interval: 1,
        daysOfWeek: ['thursday'],
        index: 'fourth',
        month: 11,
      }),
    ).toEqual(['2032-11-25', '2033-11-24', '2034-11-23']);
  });

  it('PATCH of an occurrence makes an exception with the same id; DELETE and cancel of one remove only it from the series', async () => {
    const created = await graph(emulator, token, '/me/events', {
      method: 'POST',
      body: event('Daily', '2032-07-05T09:00:00', '2032-07-05T09:30:00', {
        attendees: [{ type: 'required', emailAddress: { address: 'alex.wilber@contoso.onmicrosoft.com' } }],
        recurrence: {
          pattern: { type: 'daily', interval: 1 },
          range: { type: 'numbered', startDate: '2032-07-05', numberOfOccurrences: 4 },
        },
      }),
    });
    const window = 'startDateTime=2032-07-01T00:00:00Z&endDateTime=2032-08-01T00:00:00Z';
    const list = async () =>
      (await graph(emulator, token, `/me/events/${created.json!.id}/instances?${window}&$select=type,subject`)).json!.value;
    const [first, second, third] = await list();
    const patched = await graph(emulator, token, `/me/events/${second.id}`, { method: 'PATCH', body: { subject: 'Daily (moved)' } });
    expect(patched.json).toMatchObject({ id: second.id, type: 'exception', seriesMasterId: created.json!.id });
    expect((await graph(emulator, token, `/me/events/${first.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await graph(emulator, token, `/me/events/${third.id}/cancel`, { method: 'POST', body: { comment: 'Off' } })).status).toBe(202);
    expect((await list()).map((instance: GraphJson) => [instance.type, instance.subject])).toEqual([
      ['exception', 'Daily (moved)'],
      ['occurrence', 'Daily'],
    ]);
  });
});

describe('Online meetings', () => {
  it('makes an event online with the calendar default provider and a join URL; afterwards it stays online', async () => {
    const calendar = await graph(emulator, token, '/me/calendar');
    expect(calendar.json).toMatchObject({
      allowedOnlineMeetingProviders: ['teamsForBusiness'],
      defaultOnlineMeetingProvider: 'teamsForBusiness',
    });
    const created = await graph(emulator, token, '/me/events', {
      method: 'POST',
      body: event('Teams review', '2032-08-02T09:00:00', '2032-08-02T09:30:00', { isOnlineMeeting: true }),
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' });
    expect(created.json!.onlineMeeting.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    const patched = await graph(emulator, token, `/me/events/${created.json!.id}`, { method: 'PATCH', body: { isOnlineMeeting: false } });
    expect(patched.json).toMatchObject({ isOnlineMeeting: true, onlineMeeting: { joinUrl: created.json!.onlineMeeting.joinUrl } });
  });

  it('refuses an online meeting in a calendar that allows no provider', async () => {
    emulator.outlook.setOnlineMeetingProviders(ADELE, []);
    try {
      const calendar = await graph(emulator, token, '/me/calendar');
      expect(calendar.json).toMatchObject({ allowedOnlineMeetingProviders: [], defaultOnlineMeetingProvider: 'unknown' });
      const refused = await graph(emulator, token, '/me/events', {
        method: 'POST',
        body: event('No Teams here', '2032-08-03T09:00:00', '2032-08-03T09:30:00', {
          isOnlineMeeting: true,
          onlineMeetingProvider: 'teamsForBusiness',
        }),
      });
      expectGraphError(refused, 400, 'ErrorInvalidArgument');
    } finally {
      emulator.outlook.setOnlineMeetingProviders(ADELE, ['teamsForBusiness']);
    }
  });
});
