import type { FluentIcon } from '@fluentui/react-icons';
import {
  CalendarClockRegular,
  CalendarLtrRegular,
  ContactCardRegular,
  DocumentTextRegular,
  HomeRegular,
  MailRegular,
  PeopleTeamRegular,
  PersonAccountsRegular,
  PlugConnectedRegular,
  StethoscopeRegular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { lazyNamed } from '../components/lazyNamed';
import type { PageId } from './pageIds';
import { OverviewPage } from './overview/OverviewPage';

// Every page but the first one the console opens on is loaded when it is first shown: the bundle
// the first paint waits for holds the shell and the overview, not all ten pages (App.tsx suspends).
const IntegrationPage = lazyNamed(() => import('./integration/IntegrationPage'), 'IntegrationPage');
const AccessControlPage = lazyNamed(() => import('./access/AccessControlPage'), 'AccessControlPage');
const AccountsPage = lazyNamed(() => import('./accounts/AccountsPage'), 'AccountsPage');
const CalendarPage = lazyNamed(() => import('./calendar/CalendarPage'), 'CalendarPage');
const ContactsPage = lazyNamed(() => import('./contacts/ContactsPage'), 'ContactsPage');
const EmailPage = lazyNamed(() => import('./email/EmailPage'), 'EmailPage');
const JobsPage = lazyNamed(() => import('./jobs/JobsPage'), 'JobsPage');
const LogsPage = lazyNamed(() => import('./logs/LogsPage'), 'LogsPage');
const DiagnosticsPage = lazyNamed(() => import('./diagnostics/DiagnosticsPage'), 'DiagnosticsPage');

export type { PageId };

export type PageDefinition = { id: PageId; title: string; icon: FluentIcon; render: () => ReactElement };

/** The product's pages: the overview, then the order of the administrator's set-up guide. */
export const pages: readonly PageDefinition[] = [
  {
    id: 'overview',
    title: 'Overview',
    icon: HomeRegular,
    render: () => <OverviewPage />,
  },
  {
    id: 'integration',
    title: 'Integration',
    icon: PlugConnectedRegular,
    render: () => <IntegrationPage />,
  },
  {
    id: 'access',
    title: 'Access control',
    icon: PeopleTeamRegular,
    render: () => <AccessControlPage />,
  },
  {
    id: 'accounts',
    title: 'Accounts',
    icon: PersonAccountsRegular,
    render: () => <AccountsPage />,
  },
  {
    id: 'calendar',
    title: 'Calendar',
    icon: CalendarLtrRegular,
    render: () => <CalendarPage />,
  },
  {
    id: 'contacts',
    title: 'Contacts',
    icon: ContactCardRegular,
    render: () => <ContactsPage />,
  },
  {
    id: 'email',
    title: 'Email',
    icon: MailRegular,
    render: () => <EmailPage />,
  },
  {
    id: 'jobs',
    title: 'Scheduled jobs',
    icon: CalendarClockRegular,
    render: () => <JobsPage />,
  },
  {
    id: 'logs',
    title: 'Logs',
    icon: DocumentTextRegular,
    render: () => <LogsPage />,
  },
  {
    id: 'diagnostics',
    title: 'Diagnostics',
    icon: StethoscopeRegular,
    render: () => <DiagnosticsPage />,
  },
];
