import { Body1, Spinner, Tab, TabList } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { EmailAccount } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';
import { EmailAccountsPanel } from './EmailAccountsPanel';
import { useEmailStyles } from './emailStyles';
import { MessagesPanel } from './MessagesPanel';

/** Mail fetched from the personal and group email accounts, and the accounts themselves. */
export function EmailPage() {
  const styles = useEmailStyles();
  const client = useConsoleStore((state) => state.client);
  const [tab, setTab] = useState<'messages' | 'accounts'>('messages');
  const [accounts, setAccounts] = useState<EmailAccount[]>();

  const load = useCallback(() => {
    client?.call('email.accounts', {}).then(
      (view) => setAccounts(view.accounts),
      () => setAccounts([]),
    );
  }, [client]);
  useEffect(() => {
    if (!client) return;
    load();
    return client.on('email.changed', load);
  }, [client, load]);

  if (!client || !accounts) return <Spinner label="Loading email…" />;
  return (
    <section className={styles.page} aria-label="Email">
      <Body1 className={styles.muted}>
        Mail fetched over IMAP with each account’s OAuth token, linked to users, contacts, leads and companies by address. Replies and new
        mail go out through SMTP or Microsoft Graph, as the account is set.
      </Body1>
      <TabList selectedValue={tab} onTabSelect={(_event, data) => setTab(data.value as 'messages' | 'accounts')}>
        <Tab value="messages">Messages</Tab>
        <Tab value="accounts">Email accounts ({accounts.length})</Tab>
      </TabList>
      {tab === 'messages' ? <MessagesPanel client={client} accounts={accounts} /> : <EmailAccountsPanel client={client} />}
    </section>
  );
}
