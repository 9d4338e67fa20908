import { Body1, Spinner, Tab, TabList } from '@fluentui/react-components';
import { useState } from 'react';
import { queryKeys } from '../../state/queryKeys';
import { useServerQuery } from '../../state/serverState';
import { EmailAccountsPanel } from './EmailAccountsPanel';
import { useEmailStyles } from './emailStyles';
import { MessagesPanel } from './MessagesPanel';

/** Mail fetched from the personal and group email accounts, and the accounts themselves. */
export function EmailPage() {
  const styles = useEmailStyles();
  const [tab, setTab] = useState<'messages' | 'accounts'>('messages');
  // The same read as the accounts tab's list; when it fails the page still opens (that tab says why).
  const read = useServerQuery(queryKeys.emailAccounts(), (client) => client.call('email.accounts', {}));
  const accounts = read.data?.accounts ?? (read.isError ? [] : undefined);

  if (!accounts) return <Spinner label="Loading email…" />;
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
      {tab === 'messages' ? <MessagesPanel accounts={accounts} /> : <EmailAccountsPanel />}
    </section>
  );
}
