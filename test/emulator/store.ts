// The emulated tenant directory and mailboxes. Plain data, mutated by the identity and Graph
// handlers and by the "another Outlook client" API.
import { newChangeKey, newGuid, newItemId } from './ids.ts';

export type Tenant = {
  id: string;
  displayName: string;
  /** The verified domain, e.g. contoso.onmicrosoft.com; usable in place of the id in URLs. */
  domain: string;
  /** Tenant setting "users can consent to apps"; when false only an admin can grant consent. */
  userConsentAllowed: boolean;
};

export type User = {
  id: string;
  tenantId: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  isAdmin: boolean;
};

export type ClientSecret = { keyId: string; hint: string; secretText: string; endDateTime: Date };

export type AppRegistration = {
  clientId: string;
  displayName: string;
  homeTenantId: string;
  signInAudience: 'AzureADMyOrg' | 'AzureADMultipleOrgs';
  /** Platform "Web" redirect URIs exactly as registered. */
  redirectUris: string[];
  secrets: ClientSecret[];
  /** Statically configured delegated Graph permissions (what `.default` and admin consent grant). */
  requiredScopes: string[];
  /**
   * Application permissions configured on the registration (API permissions › Application
   * permissions): what admin consent with `.default` grants as app roles. Empty by default.
   */
  requiredAppRoles: string[];
  /** Entra's "Allow public client flows": token requests without a secret are accepted (PKCE still checked). */
  allowPublicClient: boolean;
};

export type DateTimeTimeZone = { dateTime: string; timeZone: string };

export type Recurrence = {
  pattern: {
    type: 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
    interval: number;
    daysOfWeek?: string[];
    dayOfMonth?: number;
    month?: number;
    index?: 'first' | 'second' | 'third' | 'fourth' | 'last';
    firstDayOfWeek?: string;
  };
  range: {
    type: 'endDate' | 'noEnd' | 'numbered';
    startDate: string;
    endDate?: string;
    numberOfOccurrences?: number;
    recurrenceTimeZone?: string;
  };
};

export type ExtendedProperty = { id: string; value: string };

/** Writable event fields as Graph names them; stored verbatim and echoed back. */
export type EventFields = {
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  location: { displayName: string; locationType?: string };
  attendees: Array<{ type: string; emailAddress: { name?: string; address: string }; status?: unknown }>;
  categories: string[];
  isAllDay: boolean;
  showAs: string;
  importance: string;
  sensitivity: string;
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  isOnlineMeeting: boolean;
  /** unknown, teamsForBusiness, skypeForBusiness or skypeForConsumer (the event resource page). */
  onlineMeetingProvider: string;
  responseRequested: boolean;
};

/** What Graph initialises once an event is online (onlineMeetingInfo): read-only for clients. */
export type OnlineMeetingInfo = { joinUrl: string; conferenceId: string };

/** A modified occurrence of a series; keyed on the master by its original start (UTC ISO). */
export type SeriesException = { id: string; changeKey: string; fields: Partial<EventFields>; lastModified: string };

export type StoredEvent = {
  id: string;
  calendarId: string;
  iCalUId: string;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  transactionId: string | null;
  /** The create's body (canonical JSON), compared when a create repeats the transactionId. */
  createBody: string;
  fields: EventFields;
  isCancelled: boolean;
  recurrence: Recurrence | null;
  /** Occurrences changed individually, keyed by original start instant (UTC ISO). */
  exceptions: Map<string, SeriesException>;
  /** Original starts (UTC ISO) of occurrences deleted or cancelled individually. */
  cancelledOccurrences: Set<string>;
  extendedProperties: ExtendedProperty[];
  organizer: { name: string; address: string };
  /** Set once the event is online; never removed again (Outlook ignores later changes to isOnlineMeeting). */
  onlineMeeting?: OnlineMeetingInfo;
};

export type Calendar = {
  id: string;
  name: string;
  color: string;
  isDefaultCalendar: boolean;
  changeKey: string;
  /** The providers online meetings may use in this calendar; default ['teamsForBusiness']; [] or ['unknown'] allows none. */
  allowedOnlineMeetingProviders?: string[];
  defaultOnlineMeetingProvider?: string;
};

export type ContactFolder = { id: string; displayName: string; parentFolderId: string };

export type StoredContact = {
  id: string;
  parentFolderId: string;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  fields: Record<string, unknown>;
  /** singleValueExtendedProperties written with the contact; returned only when expanded. */
  extendedProperties?: ExtendedProperty[];
};

export type Mailbox = {
  userId: string;
  calendars: Calendar[];
  events: Map<string, StoredEvent>;
  /** The well-known "Contacts" folder; GET /me/contactFolders lists its children. */
  rootContactFolderId: string;
  contactFolders: ContactFolder[];
  contacts: Map<string, StoredContact>;
  /** What Graph's sendMail saved to Sent Items (saveToSentItems not false). */
  sentItems: SentMessage[];
};

/** A message Graph's sendMail accepted, as JSON or MIME, reduced to what tests look at. */
export type SentMessage = {
  id: string;
  format: 'json' | 'mime';
  sentDateTime: string;
  from: string;
  subject: string;
  toRecipients: string[];
  ccRecipients: string[];
  /** The MIME Message-ID, or the one Exchange would make for a JSON message. */
  internetMessageId: string;
  inReplyTo: string | null;
  bodyText: string;
};

export const defaultEventFields = (): EventFields => ({
  subject: '',
  body: { contentType: 'html', content: '' },
  start: { dateTime: '', timeZone: 'UTC' },
  end: { dateTime: '', timeZone: 'UTC' },
  location: { displayName: '' },
  attendees: [],
  categories: [],
  isAllDay: false,
  showAs: 'busy',
  importance: 'normal',
  sensitivity: 'normal',
  isReminderOn: true,
  reminderMinutesBeforeStart: 15,
  isOnlineMeeting: false,
  onlineMeetingProvider: 'unknown',
  responseRequested: true,
});

export class Directory {
  readonly tenants = new Map<string, Tenant>();
  readonly users = new Map<string, User>();
  readonly apps = new Map<string, AppRegistration>();
  readonly mailboxes = new Map<string, Mailbox>();
  /** Delegated consent per user and app: userId|clientId → scopes. */
  readonly userConsents = new Map<string, Set<string>>();
  /** Tenant-wide admin consent: tenantId|clientId → scopes. */
  readonly adminConsents = new Map<string, Set<string>>();
  /** Exchange's Full Access mailbox permission: mailbox user id → the users who may open it (shared mailboxes). */
  readonly fullAccess = new Map<string, Set<string>>();
  /** Mailboxes whose IMAP is switched off (Microsoft 365 admin center › Mail › Manage email apps). */
  readonly imapDisabled = new Set<string>();
  /** Every message Graph's sendMail accepted, in order, whether or not it was saved to Sent Items. */
  readonly sentMail: SentMessage[] = [];
  /** Users by lower-cased user principal name: a look-up per request must not scan 10,000 users. */
  private readonly usersByUpn = new Map<string, User>();

  addTenant(input: Partial<Tenant> & { domain: string }): Tenant {
    const tenant: Tenant = { id: newGuid(), displayName: input.domain, userConsentAllowed: true, ...input };
    this.tenants.set(tenant.id, tenant);
    return tenant;
  }

  addUser(tenant: Tenant, input: Partial<User> & { userPrincipalName: string; displayName: string }): User {
    const user: User = { id: newGuid(), tenantId: tenant.id, givenName: null, surname: null, jobTitle: null, isAdmin: false, ...input };
    this.users.set(user.id, user);
    this.usersByUpn.set(user.userPrincipalName.toLowerCase(), user);
    const calendarId = newItemId();
    const rootContactFolderId = newItemId();
    this.mailboxes.set(user.id, {
      userId: user.id,
      calendars: [{ id: calendarId, name: 'Calendar', color: 'auto', isDefaultCalendar: true, changeKey: newChangeKey() }],
      events: new Map(),
      rootContactFolderId,
      contactFolders: [],
      contacts: new Map(),
      sentItems: [],
    });
    return user;
  }

  addApp(tenant: Tenant, input: Partial<AppRegistration> & { displayName: string }): AppRegistration {
    const app: AppRegistration = {
      clientId: newGuid(),
      homeTenantId: tenant.id,
      signInAudience: 'AzureADMyOrg',
      redirectUris: [],
      secrets: [],
      requiredScopes: ['User.Read'],
      requiredAppRoles: [],
      allowPublicClient: false,
      ...input,
    };
    this.apps.set(app.clientId, app);
    return app;
  }

  /** Resolves the `{tenant}` path segment: a tenant id, a verified domain, or common/organizations. */
  resolveTenant(segment: string): Tenant | 'common' | 'organizations' | undefined {
    const lower = segment.toLowerCase();
    if (lower === 'common' || lower === 'organizations') return lower;
    for (const tenant of this.tenants.values()) {
      if (tenant.id === lower || tenant.domain.toLowerCase() === lower) return tenant;
    }
    return undefined;
  }

  findUser(idOrUpn: string): User | undefined {
    const lower = idOrUpn.toLowerCase();
    return this.users.get(lower) ?? this.usersByUpn.get(lower);
  }

  mailbox(userId: string): Mailbox {
    const mailbox = this.mailboxes.get(userId);
    if (!mailbox) throw new Error(`No mailbox for user ${userId}`);
    return mailbox;
  }

  /** Gives `delegateUpn` Full Access to the mailbox `mailboxUpn` (e.g. a shared support@ mailbox). */
  grantFullAccess(mailboxUpn: string, delegateUpn: string): void {
    const mailbox = this.findUser(mailboxUpn);
    const delegate = this.findUser(delegateUpn);
    if (!mailbox || !delegate) throw new Error(`No user ${mailbox ? delegateUpn : mailboxUpn}`);
    this.fullAccess.set(mailbox.id, new Set([...(this.fullAccess.get(mailbox.id) ?? []), delegate.id]));
  }

  hasFullAccess(mailboxUserId: string, delegateUserId: string): boolean {
    return mailboxUserId === delegateUserId || (this.fullAccess.get(mailboxUserId)?.has(delegateUserId) ?? false);
  }

  consentedScopes(user: User, clientId: string): Set<string> {
    return new Set([
      ...(this.userConsents.get(`${user.id}|${clientId}`) ?? []),
      ...(this.adminConsents.get(`${user.tenantId}|${clientId}`) ?? []),
    ]);
  }

  grantUserConsent(user: User, clientId: string, scopes: Iterable<string>): void {
    const key = `${user.id}|${clientId}`;
    this.userConsents.set(key, new Set([...(this.userConsents.get(key) ?? []), ...scopes]));
  }

  grantAdminConsent(tenantId: string, clientId: string, scopes: Iterable<string>): void {
    const key = `${tenantId}|${clientId}`;
    this.adminConsents.set(key, new Set([...(this.adminConsents.get(key) ?? []), ...scopes]));
  }
}
