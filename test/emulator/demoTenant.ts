// A small tenant for the demo and for tests: Contoso with an admin and three users, each with a
// calendar (single events and a weekly series) and a few contacts, and the console's app
// registration (Web redirect http://localhost/oauth/callback, one client secret).
import { randomBytes } from 'node:crypto';
import type { Emulator } from './server.ts';
import type { AppRegistration, Tenant, User } from './store.ts';

export type DemoTenant = { tenant: Tenant; admin: User; users: User[]; app: AppRegistration; clientSecret: string };

function dayAt(offsetDays: number, hour: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offsetDays);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().slice(0, 19);
}

export function seedDemoTenant(emulator: Emulator): DemoTenant {
  const { directory } = emulator;
  const tenant = directory.addTenant({ domain: 'contoso.onmicrosoft.com', displayName: 'Contoso' });
  const admin = directory.addUser(tenant, {
    userPrincipalName: 'admin@contoso.onmicrosoft.com',
    displayName: 'Megan Bowen',
    givenName: 'Megan',
    surname: 'Bowen',
    jobTitle: 'IT Administrator',
    isAdmin: true,
  });
  const people = [
    ['adele.vance', 'Adele Vance', 'Sales'],
    ['alex.wilber', 'Alex Wilber', 'Marketing'],
    ['diego.siciliani', 'Diego Siciliani', 'Finance'],
  ].map(([login, name, job]) =>
    directory.addUser(tenant, {
      userPrincipalName: `${login}@contoso.onmicrosoft.com`,
      displayName: name,
      givenName: name.split(' ')[0],
      surname: name.split(' ')[1],
      jobTitle: job,
    }),
  );
  const clientSecret = `Emu8Q~${randomBytes(24).toString('base64url')}`;
  const app = directory.addApp(tenant, {
    displayName: 'Outlook Integration Console',
    redirectUris: ['http://localhost/oauth/callback'],
    secrets: [
      {
        keyId: crypto.randomUUID(),
        hint: clientSecret.slice(0, 3),
        secretText: clientSecret,
        endDateTime: new Date(Date.now() + 730 * 24 * 3600_000),
      },
    ],
    requiredScopes: ['User.Read', 'Calendars.ReadWrite', 'Contacts.ReadWrite'],
    // Organisation-wide mode's application permissions: granted by admin consent with `.default`.
    requiredAppRoles: ['Calendars.ReadWrite', 'Contacts.ReadWrite', 'User.Read.All'],
  });
  for (const [i, user] of [admin, ...people].entries()) {
    const upn = user.userPrincipalName;
    emulator.outlook.createEvent(upn, {
      subject: 'Pipeline review',
      start: { dateTime: dayAt(1, 9 + i), timeZone: 'UTC' },
      end: { dateTime: dayAt(1, 10 + i), timeZone: 'UTC' },
      location: { displayName: 'Room 1' },
    });
    emulator.outlook.createEvent(upn, {
      subject: 'Customer call',
      start: { dateTime: dayAt(2, 14), timeZone: 'UTC' },
      end: { dateTime: dayAt(2, 15), timeZone: 'UTC' },
    });
    emulator.outlook.createEvent(upn, {
      subject: 'Weekly team sync',
      start: { dateTime: dayAt(0, 8), timeZone: 'UTC' },
      end: { dateTime: dayAt(0, 8).replace('T08:00', 'T08:30'), timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: [weekday(0)] },
        range: { type: 'numbered', startDate: dayAt(0, 0).slice(0, 10), numberOfOccurrences: 8 },
      },
    });
    emulator.outlook.addContact(upn, {
      displayName: 'Patti Fernandez',
      givenName: 'Patti',
      surname: 'Fernandez',
      companyName: 'Fabrikam',
      emailAddresses: [{ name: 'Patti Fernandez', address: 'patti@fabrikam.example' }],
      businessPhones: ['+1 425 555 0109'],
    });
    emulator.outlook.addContact(upn, {
      displayName: 'Lee Gu',
      givenName: 'Lee',
      surname: 'Gu',
      companyName: 'Northwind',
      emailAddresses: [{ name: 'Lee Gu', address: 'lee@northwind.example' }],
    });
  }
  return { tenant, admin, users: people, app, clientSecret };
}

function weekday(offsetDays: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][d.getUTCDay()];
}
