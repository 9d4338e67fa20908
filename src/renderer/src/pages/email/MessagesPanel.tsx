import { Button, Caption1, Dropdown, MessageBar, MessageBarBody, Option, SearchBox } from '@fluentui/react-components';
import { ArrowSyncRegular, MailAddRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { EmailAccount, EmailMessage } from '../../../../shared/contract';
import { ComposeDialog, type Draft } from './ComposeDialog';
import { formatDateTime, useConsoleTimeZone } from '../../format/dateTime';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';
import { useEmailStyles } from './emailStyles';
import { MessageList } from './MessageList';
import { MessageView } from './MessageView';

const allAccounts = 'all';
const pageLimit = 500;

function replyDraft(message: EmailMessage, timeZone: string): Draft {
  const subject = /^re:/i.test(message.subject) ? message.subject : `Re: ${message.subject}`;
  const to = (message.replyTo.length > 0 ? message.replyTo : [message.from]).map((entry) => entry.address).join(', ');
  const quoted = (message.text ?? '')
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return {
    accountId: message.accountId,
    to,
    cc: '',
    subject,
    body: `\n\nOn ${message.sentAt ? formatDateTime(message.sentAt, timeZone, { label: true }) : 'an earlier day'}, ${message.from.name || message.from.address} wrote:\n${quoted}`,
    replyToMessageId: message.id,
  };
}

/** The fetched mail: search, the list, the chosen message, Reply and New email. */
export function MessagesPanel({ accounts }: { accounts: EmailAccount[] }) {
  const styles = useEmailStyles();
  const timeZone = useConsoleTimeZone();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [accountId, setAccountId] = useState<string>(allAccounts);
  const [selected, setSelected] = useState<number>();
  const [draft, setDraft] = useState<Draft>();
  const [note, setNote] = useState<{ intent: 'success' | 'error' | 'info'; text: string }>();

  // The search runs a moment after typing stops, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);

  // The shown page stays while the next search's answer is on its way.
  const filter = { search: query, ...(accountId === allAccounts ? {} : { accountId: Number(accountId) }) };
  const list = useServerQuery(queryKeys.emailList(filter), (client) => client.call('email.list', { ...filter, limit: pageLimit }), {
    keepPreviousData: true,
  });
  const page = list.data;

  // The mail it fetches arrives with `email.changed`; the run itself is said here.
  const checkingAll = useServerMutation((client) => client.call('jobs.runNow', { jobId: 'checkEmailAccounts' }), {
    onSuccess: ({ run }) =>
      setNote({
        intent: run.status === 'skipped' ? 'info' : 'success',
        text: run.status === 'skipped' ? run.summary : 'Checking every email account now; new mail appears here as it arrives.',
      }),
    onError: (error) => setNote({ intent: 'error', text: error.message }),
  });
  function checkAll() {
    setNote(undefined);
    checkingAll.mutate(undefined);
  }
  const shownNote =
    note ?? (list.error ? { intent: 'error' as const, text: `The mail could not be read: ${list.error.message}` } : undefined);

  const chosenAccount = accounts.find((account) => String(account.id) === accountId);
  return (
    <div className={styles.page}>
      <div className={styles.toolbar}>
        <SearchBox
          className={styles.search}
          placeholder="Search subject, sender, recipients and text"
          aria-label="Search mail"
          value={search}
          onChange={(_event, data) => setSearch(data.value)}
        />
        <Dropdown
          aria-label="Mailbox"
          value={chosenAccount ? chosenAccount.address : 'All mailboxes'}
          selectedOptions={[accountId]}
          onOptionSelect={(_event, data) => setAccountId(data.optionValue ?? allAccounts)}
        >
          <Option value={allAccounts}>All mailboxes</Option>
          {accounts.map((account) => (
            <Option key={account.id} value={String(account.id)}>
              {account.address}
            </Option>
          ))}
        </Dropdown>
        <span className={styles.spacer} />
        <Button icon={<ArrowSyncRegular />} disabled={accounts.length === 0} onClick={checkAll}>
          Check now
        </Button>
        <Button
          appearance="primary"
          icon={<MailAddRegular />}
          disabled={accounts.length === 0}
          onClick={() => setDraft({ accountId: chosenAccount?.id, to: '', cc: '', subject: '', body: '' })}
        >
          New email
        </Button>
      </div>
      {shownNote && (
        <MessageBar intent={shownNote.intent} layout="multiline" role={shownNote.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>{shownNote.text}</MessageBarBody>
        </MessageBar>
      )}
      <Caption1 className={styles.muted} aria-live="polite">
        {page
          ? `${page.total} ${page.total === 1 ? 'message' : 'messages'}${query ? ` matching "${query}"` : ''}${page.total > page.rows.length ? ` (the newest ${page.rows.length} shown)` : ''}`
          : 'Loading…'}
      </Caption1>
      <div className={styles.split}>
        {page && page.rows.length > 0 ? (
          <MessageList rows={page.rows} selectedId={selected} onSelect={setSelected} />
        ) : (
          <div className={styles.empty}>
            {accounts.length === 0
              ? 'Add an email account to fetch mail.'
              : query
                ? `No message matches "${query}".`
                : 'No mail fetched yet.'}
          </div>
        )}
        {selected !== undefined && (
          <MessageView key={selected} id={selected} onReply={(message) => setDraft(replyDraft(message, timeZone))} />
        )}
      </div>
      {draft && (
        <ComposeDialog
          accounts={accounts}
          draft={draft}
          onClose={() => setDraft(undefined)}
          onSent={(result) => {
            setDraft(undefined);
            setNote({
              intent: 'success',
              text: `Sent through ${result.via === 'graph' ? 'Microsoft Graph' : 'SMTP'}. ${result.savedToSent}`,
            });
          }}
        />
      )}
    </div>
  );
}
