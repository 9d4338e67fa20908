// The demo's run history: so the overview's charts show how a sync behaves, the demo connects the
// demo users' Outlook accounts and runs the calendar sync a few times at start, with Outlook-side
// changes (made "from another Outlook client" in the emulator), console-side events pushed to
// Outlook, and a throttled request now and then. It plays the administrator's and the users'
// parts through the same doors a person uses: the console's HTTP API (with its token) and the
// emulator's consent page (answered as the browser would post it).
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';

const calendarSyncJobId = 'outlookCalendarSync';

/** Calls the console's API as the renderer does. */
export function consoleApiOf(consoleUrl) {
  const url = new URL(consoleUrl);
  const token = /token=([^&]+)/.exec(url.hash)[1];
  return async (channel, input) => {
    const response = await fetch(`${url.origin}/api/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input),
    });
    const answer = await response.json();
    if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`);
    return answer.result;
  };
}

/** Connects each demo user's account: Connect, then Accept on the emulator's consent page for that mailbox. */
async function connectAccounts(api, emulator, mailboxes, ca) {
  const { rows } = await api('accounts.list');
  for (const row of rows) {
    const mailbox = mailboxes.find((user) => user.userPrincipalName.toLowerCase() === row.user.email.toLowerCase());
    if (!mailbox || row.accessProblem || row.account?.status === 'connected') continue;
    const attempt = await api('accounts.connect', { userId: row.user.id });
    const authorize = new URL(attempt.url);
    const form = new URLSearchParams([...authorize.searchParams, ['decision', 'accept'], ['account', mailbox.id]]);
    const answer = await send(`${authorize.origin}${authorize.pathname}`, { method: 'POST', body: form.toString(), ca });
    // The emulator answers as Entra does: a redirect to the console's loopback listener with the code.
    if (!answer.location) throw new Error(`The demo could not sign in ${mailbox.userPrincipalName}: ${answer.status}`);
    await send(answer.location, { method: 'GET' });
    await waitFor(
      async () => (await api('accounts.list')).rows.find((candidate) => candidate.user.id === row.user.id)?.account?.status === 'connected',
    );
  }
}

async function runSync(api) {
  const { run } = await api('jobs.runNow', { jobId: calendarSyncJobId });
  await waitFor(async () => (await api('jobs.runDetail', { runId: run.id })).status !== 'running', 120_000);
}

/**
 * Several runs with something to do in each: Outlook-side creates, changes and deletes; events made
 * in the console and assigned to a user; a 429 with Retry-After on some runs so the throttling chart
 * has waits. Bounded: six runs, each a few seconds against the local emulator.
 */
export async function makeDemoHistory({ consoleUrl, emulator, demo, caPem, runs = 6 }) {
  const api = consoleApiOf(consoleUrl);
  await connectAccounts(api, emulator, demo.users, caPem);
  const { users } = await api('access.overview');
  const synced = users.filter((user) => demo.users.some((mailbox) => mailbox.userPrincipalName === user.email));
  const outlookEvents = [];
  for (let index = 0; index < runs; index++) {
    const day = new Date(Date.now() + (index + 1) * 86_400_000).toISOString().slice(0, 10);
    demo.users.forEach((mailbox, position) => {
      if ((index + position) % 2 === 0)
        outlookEvents.push({
          upn: mailbox.userPrincipalName,
          id: emulator.outlook.createEvent(mailbox.userPrincipalName, {
            subject: `Client visit ${index + 1}`,
            start: { dateTime: `${day}T${String(10 + position).padStart(2, '0')}:00:00`, timeZone: 'UTC' },
            end: { dateTime: `${day}T${String(11 + position).padStart(2, '0')}:00:00`, timeZone: 'UTC' },
          }),
        });
    });
    if (index > 1 && outlookEvents.length > 2) {
      const changed = outlookEvents[index];
      emulator.outlook.updateEvent(changed.upn, changed.id, { subject: `Client visit (moved) ${index}` });
    }
    if (index === runs - 2) {
      const removed = outlookEvents.shift();
      emulator.outlook.deleteEvent(removed.upn, removed.id);
    }
    for (const user of synced.slice(0, 1 + (index % synced.length))) {
      await api('calendar.saveEvent', {
        kind: index % 2 === 0 ? 'meeting' : 'call',
        name: `Follow-up ${index + 1} with ${user.name.split(' ')[0]}`,
        start: `${day}T15:00`,
        end: `${day}T15:30`,
        allDay: false,
        assignedUserId: user.id,
      });
    }
    if (index % 2 === 1)
      emulator.faults.add({
        fault: { kind: 'throttle', retryAfterSeconds: 1 + (index % 3) },
        match: { area: 'graph', path: 'calendarView/delta' },
      });
    await runSync(api);
  }
}

function send(url, { method, body, ca }) {
  const target = new URL(url);
  const doRequest = target.protocol === 'https:' ? request : httpRequest;
  return new Promise((resolve, reject) => {
    const req = doRequest(
      target,
      {
        method,
        ca,
        headers: body ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location }));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

async function waitFor(check, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('The demo gave up waiting for the console.');
}
