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
import { DiagnosticsPage } from './diagnostics/DiagnosticsPage';
import { JobsPage } from './jobs/JobsPage';
import { LogsPage } from './logs/LogsPage';
import { IntegrationPage } from './integration/IntegrationPage';
import { AccessControlPage } from './access/AccessControlPage';
import { CalendarPage } from './calendar/CalendarPage';
import { AccountsPage } from './accounts/AccountsPage';

import { ContactsPage } from './contacts/ContactsPage';
import { EmailPage } from './email/EmailPage';
import type { PageId } from './pageIds';

import { OverviewPage } from './overview/OverviewPage';

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
