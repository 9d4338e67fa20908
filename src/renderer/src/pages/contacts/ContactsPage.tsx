import {
  Button,
  Card,
  Dropdown,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Option,
  Subtitle2,
  Tab,
  TabList,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useConsoleStore } from '../../state/consoleStore';
import { AccountsPanel } from './AccountsPanel';
import { ContactsSettingsPanel } from './ContactsSettingsPanel';
import { PeopleListPanel } from './PeopleListPanel';
import { PushProgressView } from './PushProgressView';
import { useAccessOverview, useContactsStore, usePushes } from './contactsStore';
import { useContactsStyles } from './contactsStyles';
import { RoutedPersonDialog } from './RoutedPersonDialog';

type ContactsTab = 'contacts' | 'leads' | 'accounts' | 'settings';

/** Contacts, leads and accounts of the workspace, and their push to users' Outlook contacts. */
export function ContactsPage() {
  const setError = useContactsStore((state) => state.setError);
  const pushesQuery = usePushes();
  const pushes = pushesQuery.data ?? [];
  const error =
    useContactsStore((state) => state.error) ??
    (pushesQuery.error ? `The pushes could not be read: ${pushesQuery.error.message}` : undefined);
  const [tab, setTab] = useState<ContactsTab>('contacts');
  // The running pushes and the latest finished one; older ones are in the log.
  const shown = pushes.filter((push, index) => push.status === 'running' || index === 0).slice(0, 3);

  return (
    <>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button aria-label="Dismiss" appearance="transparent" icon={<DismissRegular />} onClick={() => setError(undefined)} />
            }
          />
        </MessageBar>
      )}
      {shown.length > 0 && (
        <Card aria-label="Pushes to Outlook">
          <Subtitle2>Pushes to Outlook</Subtitle2>
          {shown.map((push) => (
            <PushProgressView key={push.pushId} progress={push} />
          ))}
        </Card>
      )}
      <TabList selectedValue={tab} onTabSelect={(_event, data) => setTab(data.value as ContactsTab)} aria-label="Contacts sections">
        <Tab value="contacts">Contacts</Tab>
        <Tab value="leads">Leads</Tab>
        {/* "Companies", not "Accounts": the Accounts page is where Outlook accounts are connected. */}
        <Tab value="accounts">Companies</Tab>
        <Tab value="settings">Outlook settings</Tab>
      </TabList>
      {tab === 'contacts' && <PeopleListPanel key="contact" kind="contact" />}
      {tab === 'leads' && <PeopleListPanel key="lead" kind="lead" />}
      {tab === 'accounts' && <AccountsPanel />}
      {tab === 'settings' && <SettingsTab />}
      <RoutedPersonDialog />
    </>
  );
}

/** Until the Accounts page shows each user's contacts settings, they are reached from here. */
function SettingsTab() {
  const styles = useContactsStyles();
  const client = useConsoleStore((state) => state.client);
  const overview = useAccessOverview();
  const [userId, setUserId] = useState<number>();
  const users = (overview?.users ?? []).filter((user) => user.active);
  const chosen = users.find((user) => user.id === userId);
  return (
    <section className={styles.panel} aria-label="Outlook settings">
      <Field label="User" hint="Each user's pushes go to their own Outlook contacts.">
        <Dropdown
          placeholder="Choose a user"
          value={chosen ? `${chosen.name} (${chosen.email})` : ''}
          selectedOptions={userId ? [String(userId)] : []}
          onOptionSelect={(_event, data) => setUserId(Number(data.optionValue))}
        >
          {users.map((user) => (
            <Option key={user.id} value={String(user.id)} text={`${user.name} (${user.email})`}>
              {user.name} ({user.email})
            </Option>
          ))}
        </Dropdown>
      </Field>
      {client && userId !== undefined && <ContactsSettingsPanel key={userId} client={client} userId={userId} />}
    </section>
  );
}
