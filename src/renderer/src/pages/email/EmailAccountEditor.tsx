import {
  Button,
  Card,
  Checkbox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle2,
  Switch,
} from '@fluentui/react-components';
import { useState } from 'react';
import type {
  EmailAccount,
  EmailAccountKind,
  EmailAccountsView,
  EmailAccountFields,
  EmailCheckReport,
  SendVia,
} from '../../../../shared/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useConsoleStore } from '../../state/consoleStore';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';
import { CheckReportView } from './CheckReportView';
import { useEmailStyles } from './emailStyles';
import { issuesByField } from './fieldIssues';

type Form = {
  kind: EmailAccountKind;
  userId?: number;
  address: string;
  displayName: string;
  folders: string[];
  fetchSince: string;
  sendVia: SendVia;
  enabled: boolean;
};

function formOf(account: EmailAccount | undefined, kind: EmailAccountKind, userId?: number): Form {
  if (!account) return { kind, userId, address: '', displayName: '', folders: ['INBOX'], fetchSince: '', sendVia: 'smtp', enabled: true };
  return {
    kind: account.kind,
    userId: account.userId,
    address: account.address,
    displayName: account.displayName,
    folders: account.folders,
    fetchSince: account.fetchSince ?? '',
    sendVia: account.sendVia,
    enabled: account.enabled,
  };
}

type Props = {
  view: EmailAccountsView;
  account?: EmailAccount;
  kind: EmailAccountKind;
  userId?: number;
  onSaved(account: EmailAccount): void;
  onDeleted(): void;
};

/** One email account's settings, with Test connection, Send test email and Check now. */
export function EmailAccountEditor({ view, account, kind, userId, onSaved, onDeleted }: Props) {
  const styles = useEmailStyles();
  const client = useConsoleStore((state) => state.client);
  const [form, setForm] = useState<Form>(() => formOf(account, kind, userId));
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ intent: 'success' | 'error' | 'info'; text: string }>();
  const [report, setReport] = useState<{ label: string; report: EmailCheckReport }>();
  const [busy, setBusy] = useState<string>();
  // The server's folders are asked for only when the admin clicks "List folders from the server".
  const [foldersAsked, setFoldersAsked] = useState(false);
  const listed = useServerQuery(
    queryKeys.emailServerFolders(account?.id ?? 0),
    (client) => client.call('email.folders', { accountId: account!.id }),
    { enabled: foldersAsked && account !== undefined },
  );
  // A listing cached by an earlier editor of the account is not shown until this one asks again.
  const serverFolders = foldersAsked ? listed.data?.folders : undefined;
  const [confirmRemove, setConfirmRemove] = useState(false);
  const user = view.candidates.find((candidate) => candidate.userId === form.userId);
  const graphRefusal =
    form.kind === 'group'
      ? 'A shared mailbox sends through SMTP.'
      : !view.features.graphMail
        ? 'Switch on Mail.Send under Permissions on the Integration page first.'
        : null;

  // Changes go through the cache, which reads the email queries again once they are done.
  const saving = useServerMutation(
    (client, input: { id?: number; fields: EmailAccountFields }) => client.call('email.saveAccount', input),
    { invalidates: [queryKeys.email] },
  );
  const checking = useServerMutation((client, accountId: number) => client.call('email.checkNow', { accountId }), {
    invalidates: [queryKeys.email],
  });
  const removing = useServerMutation((client, accountId: number) => client.call('email.deleteAccount', { accountId }), {
    invalidates: [queryKeys.email],
  });

  async function run(label: string, work: () => Promise<void>) {
    setBusy(label);
    setNote(undefined);
    try {
      await work();
    } catch (failure) {
      const found = issuesByField(failure, 'fields.');
      setIssues(found.fields);
      setNote({ intent: 'error', text: found.message });
    } finally {
      setBusy(undefined);
    }
  }

  const save = () =>
    run('save', async () => {
      setIssues({});
      const fields: EmailAccountFields = {
        kind: form.kind,
        userId: form.userId ?? 0,
        ...(form.kind === 'group' ? { address: form.address } : {}),
        displayName: form.displayName,
        folders: form.folders,
        fetchSince: form.fetchSince || null,
        sendVia: form.sendVia,
        enabled: form.enabled,
      };
      const saved = await saving.mutateAsync({ ...(account ? { id: account.id } : {}), fields });
      setNote({ intent: 'success', text: `Email account ${saved.address} saved.` });
      onSaved(saved);
    });
  // One-shot checks: their report is this editor's alone, nothing cached changes.
  const check = (label: string, channel: 'email.testConnection' | 'email.sendTest') =>
    run(label, async () => {
      setReport(undefined);
      if (!client) throw new Error('The console is not connected.');
      setReport({ label, report: await client.call(channel, { accountId: account!.id }) });
    });
  const checkNow = () =>
    run('check', async () => {
      const { run: result } = await checking.mutateAsync(account!.id);
      setNote({ intent: result.status === 'success' ? 'success' : result.status === 'skipped' ? 'info' : 'error', text: result.summary });
    });
  function listFolders() {
    setNote(undefined);
    if (foldersAsked) void listed.refetch();
    else setFoldersAsked(true);
  }
  // A failed listing is said like any other failure of this editor, until the next action.
  const shownNote =
    note ?? (foldersAsked && listed.error && !listed.isFetching ? { intent: 'error' as const, text: listed.error.message } : undefined);
  const remove = () =>
    run('delete', async () => {
      await removing.mutateAsync(account!.id);
      onDeleted();
    });

  const folderChoices = [...new Set([...(serverFolders?.map((folder) => folder.path) ?? []), ...form.folders])];
  const toggleFolder = (path: string, on: boolean) =>
    setForm({ ...form, folders: on ? [...form.folders, path] : form.folders.filter((folder) => folder !== path) });

  return (
    <Card className={styles.card} aria-label={account ? `Email account ${account.address}` : `New ${kind} email account`}>
      <Subtitle2 as="h3">
        {account ? account.address : form.kind === 'personal' ? 'New personal email account' : 'New group email account (shared mailbox)'}
      </Subtitle2>
      <div className={styles.twoColumns}>
        <Field
          label={form.kind === 'personal' ? 'User (their own mailbox)' : 'Opened with the Outlook account of'}
          validationMessage={issues.userId}
          hint={form.kind === 'group' ? 'A user with Full Access to the shared mailbox.' : undefined}
        >
          <Dropdown
            placeholder="Choose a user with a connected account"
            value={user ? `${user.userName} (${user.userPrincipalName})` : ''}
            selectedOptions={form.userId ? [String(form.userId)] : []}
            onOptionSelect={(_event, data) => setForm({ ...form, userId: Number(data.optionValue) })}
          >
            {view.candidates.map((candidate) => (
              <Option
                key={candidate.userId}
                value={String(candidate.userId)}
              >{`${candidate.userName} (${candidate.userPrincipalName})`}</Option>
            ))}
          </Dropdown>
        </Field>
        {form.kind === 'group' && (
          <Field label="Shared mailbox address" validationMessage={issues.address} hint="Its login identity over IMAP and SMTP.">
            <Input
              value={form.address}
              onChange={(_event, data) => setForm({ ...form, address: data.value })}
              placeholder="support@contoso.com"
            />
          </Field>
        )}
        <Field label="Display name" validationMessage={issues.displayName} hint="The sender's name on mail sent from this account.">
          <Input value={form.displayName} onChange={(_event, data) => setForm({ ...form, displayName: data.value })} />
        </Field>
        <Field label="Fetch since" validationMessage={issues.fetchSince} hint="Older mail is not fetched; empty fetches everything.">
          <Input type="date" value={form.fetchSince} onChange={(_event, data) => setForm({ ...form, fetchSince: data.value })} />
        </Field>
      </div>
      <Field
        label="Folders to monitor"
        validationMessage={issues.folders}
        hint={account ? undefined : 'Save the account first to list its folders from the server.'}
      >
        <div className={styles.folders} role="group" aria-label="Folders to monitor">
          {folderChoices.map((path) => (
            <Checkbox
              key={path}
              label={path}
              checked={form.folders.includes(path)}
              onChange={(_event, data) => toggleFolder(path, data.checked === true)}
            />
          ))}
        </div>
      </Field>
      {account && (
        <div className={styles.toolbar}>
          <Button size="small" disabled={Boolean(busy) || listed.isFetching} onClick={listFolders}>
            {listed.isFetching ? 'Listing…' : 'List folders from the server'}
          </Button>
        </div>
      )}
      <Field label="Send through" validationMessage={issues.sendVia}>
        <RadioGroup
          layout="horizontal"
          value={form.sendVia}
          onChange={(_event, data) => setForm({ ...form, sendVia: data.value as SendVia })}
        >
          <Radio value="smtp" label="SMTP (SMTP.Send)" />
          <Radio
            value="graph"
            label={`Microsoft Graph sendMail (Mail.Send)${graphRefusal ? ` — ${graphRefusal}` : ''}`}
            disabled={Boolean(graphRefusal) && form.sendVia !== 'graph'}
          />
        </RadioGroup>
      </Field>
      <Switch
        checked={form.enabled}
        onChange={(_event, data) => setForm({ ...form, enabled: data.checked })}
        label={`Checked by the scheduled job ${view.schedule.name} (${view.schedule.cron}${view.schedule.active ? '' : ', paused'})`}
      />
      {shownNote && (
        <MessageBar intent={shownNote.intent} layout="multiline" role={shownNote.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>{shownNote.text}</MessageBarBody>
        </MessageBar>
      )}
      {busy && <Spinner size="tiny" label="Working…" />}
      {report && <CheckReportView report={report.report} label={report.label} />}
      <div className={styles.toolbar}>
        <Button appearance="primary" disabled={Boolean(busy)} onClick={() => void save()}>
          {account ? 'Save email account' : 'Add email account'}
        </Button>
        {account && (
          <>
            <Button disabled={Boolean(busy)} onClick={() => void check('Test connection', 'email.testConnection')}>
              Test connection
            </Button>
            <Button disabled={Boolean(busy)} onClick={() => void check('Send test email', 'email.sendTest')}>
              Send test email
            </Button>
            <Button disabled={Boolean(busy) || !account.enabled} onClick={() => void checkNow()}>
              Check now
            </Button>
            <span className={styles.spacer} />
            <Button appearance="subtle" disabled={Boolean(busy)} onClick={() => setConfirmRemove(true)}>
              Remove
            </Button>
          </>
        )}
      </div>
      {confirmRemove && account && (
        <ConfirmDialog
          title="Remove this email account?"
          message={`${account.address} is no longer checked, and the ${account.messageCount} messages fetched from it are removed from the console (nothing changes in the mailbox).`}
          confirmLabel="Remove"
          onConfirm={() => void remove()}
          onClose={() => setConfirmRemove(false)}
        />
      )}
    </Card>
  );
}
