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
import { lazy, type ReactElement } from 'react';
import type { PageId } from './pageIds';
import { OverviewPage } from './overview/OverviewPage';

// Every page but the first one the console opens on is loaded when it is first shown: the bundle
// the first paint waits for holds the shell and the overview, not all ten pages (App.tsx suspends).
const IntegrationPage = lazy(() => import('./integration/IntegrationPage').then((page) => ({ default: page.IntegrationPage })));
const AccessControlPage = lazy(() => import('./access/AccessControlPage').then((page) => ({ default: page.AccessControlPage })));
const AccountsPage = lazy(() => import('./accounts/AccountsPage').then((page) => ({ default: page.AccountsPage })));
const CalendarPage = lazy(() => import('./calendar/CalendarPage').then((page) => ({ default: page.CalendarPage })));
const ContactsPage = lazy(() => import('./contacts/ContactsPage').then((page) => ({ default: page.ContactsPage })));
const EmailPage = lazy(() => import('./email/EmailPage').then((page) => ({ default: page.EmailPage })));
const JobsPage = lazy(() => import('./jobs/JobsPage').then((page) => ({ default: page.JobsPage })));
const LogsPage = lazy(() => import('./logs/LogsPage').then((page) => ({ default: page.LogsPage })));
const DiagnosticsPage = lazy(() => import('./diagnostics/DiagnosticsPage').then((page) => ({ default: page.DiagnosticsPage })));

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
