// The demo's tools, served by the demo script itself on 127.0.0.1: act as "another Outlook client"
// (make, change and delete events and contacts in the emulator's mailboxes) and read the emulator's
// request log (method, path, status, time). Here, not in the console: the product carries no
// emulator code, and a real tenant has no such back door. Token-protected like the console.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const escape = (text) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export async function startDemoTools({ emulator, demo }) {
  const token = randomBytes(18).toString('base64url');
  const mailboxes = [demo.admin, ...demo.users];
  const mailboxOf = (upn) => emulator.directory.mailbox(mailboxes.find((user) => user.userPrincipalName === upn).id);

  const actions = {
    createEvent: (form) =>
      emulator.outlook.createEvent(form.get('upn'), {
        subject: form.get('subject') || 'New event',
        start: { dateTime: form.get('start'), timeZone: 'UTC' },
        end: { dateTime: form.get('end'), timeZone: 'UTC' },
      }),
    updateEvent: (form) => emulator.outlook.updateEvent(form.get('upn'), form.get('id'), { subject: form.get('subject') }),
    deleteEvent: (form) => emulator.outlook.deleteEvent(form.get('upn'), form.get('id')),
    createContact: (form) => {
      const [givenName, ...rest] = (form.get('name') || 'New contact').split(' ');
      const address = form.get('email');
      emulator.outlook.addContact(form.get('upn'), {
        displayName: form.get('name'),
        givenName,
        surname: rest.join(' '),
        emailAddresses: address ? [{ name: form.get('name'), address }] : [],
      });
    },
    updateContact: (form) => {
      const contact = mailboxOf(form.get('upn')).contacts.get(form.get('id'));
      contact.fields = { ...contact.fields, displayName: form.get('name') };
      contact.lastModifiedDateTime = new Date().toISOString();
    },
    deleteContact: (form) => mailboxOf(form.get('upn')).contacts.delete(form.get('id')),
  };

  const page = (message) => {
    const rows = mailboxes.map((user) => {
      const mailbox = mailboxOf(user.userPrincipalName);
      const hidden = (action, id = '') =>
        `<input type="hidden" name="action" value="${action}"><input type="hidden" name="upn" value="${escape(user.userPrincipalName)}"><input type="hidden" name="id" value="${escape(id)}">`;
      const events = [...mailbox.events.values()]
        .filter((event) => event.fields?.subject && !event.seriesMasterId)
        .slice(0, 30)
        .map(
          (
            event,
          ) => `<li><form method="post">${hidden('updateEvent', event.id)}<label>Subject <input name="subject" value="${escape(event.fields.subject)}"></label>
            <button>Change</button></form><form method="post">${hidden('deleteEvent', event.id)}<button>Delete</button></form></li>`,
        )
        .join('');
      const contacts = [...mailbox.contacts.values()]
        .slice(0, 30)
        .map(
          (
            contact,
          ) => `<li><form method="post">${hidden('updateContact', contact.id)}<label>Name <input name="name" value="${escape(contact.fields.displayName)}"></label>
            <button>Change</button></form><form method="post">${hidden('deleteContact', contact.id)}<button>Delete</button></form></li>`,
        )
        .join('');
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      return `<section><h2>${escape(user.displayName)} <small>${escape(user.userPrincipalName)}</small></h2>
        <h3>Events</h3><ul>${events || '<li>None</li>'}</ul>
        <form method="post">${hidden('createEvent')}<label>Subject <input name="subject" required></label>
          <label>Start (UTC) <input name="start" value="${tomorrow}T09:00:00"></label><label>End (UTC) <input name="end" value="${tomorrow}T10:00:00"></label><button>Make event</button></form>
        <h3>Contacts</h3><ul>${contacts || '<li>None</li>'}</ul>
        <form method="post">${hidden('createContact')}<label>Name <input name="name" required></label><label>Email <input name="email" type="email"></label><button>Make contact</button></form></section>`;
    });
    const log = emulator.requestLog.entries
      .slice(-200)
      .reverse()
      .map(
        (entry) =>
          `<tr><td>${escape(entry.at)}</td><td>${escape(entry.method)}</td><td>${escape(entry.path)}</td><td>${entry.status}</td><td>${entry.durationMs} ms</td></tr>`,
      )
      .join('');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo tools: another Outlook client</title>
      <style>body{font:14px system-ui;margin:24px;max-width:1200px}form{display:inline-flex;gap:8px;margin:2px 8px 2px 0}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px;text-align:left;overflow-wrap:anywhere}</style></head>
      <body><main><h1>Demo tools: act as another Outlook client</h1>
      <p>Changes here happen in the emulator's mailboxes, as if made in Outlook; the console sees them at its next sync (Scheduled jobs → Run now).</p>
      ${message ? `<p role="status"><strong>${escape(message)}</strong></p>` : ''}
      ${rows.join('')}
      <h2>What the console sent to the emulator</h2><p>The newest 200 requests, newest first (tokens and secrets are never recorded).</p>
      <table><thead><tr><th>Time</th><th>Method</th><th>Path</th><th>Status</th><th>Took</th></tr></thead><tbody>${log}</tbody></table></main></body></html>`;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const cookieToken = /(?:^|; )demoTools=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (url.searchParams.get('token') !== token && cookieToken !== token) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Open the demo tools with the URL the demo printed.');
      return;
    }
    const headers = {
      'Content-Type': 'text/html; charset=utf-8',
      'Set-Cookie': `demoTools=${token}; HttpOnly; SameSite=Strict; Path=/`,
      'Cache-Control': 'no-store',
    };
    if (req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      let message;
      try {
        actions[form.get('action')]?.(form);
        message = `Done: ${form.get('action')} in ${form.get('upn')}.`;
      } catch (error) {
        message = `That did not work: ${error.message}`;
      }
      res.writeHead(200, headers).end(page(message));
      return;
    }
    res.writeHead(200, headers).end(page());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/?token=${token}`, stop: () => new Promise((resolve) => server.close(resolve)) };
}
