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
  EmailCheckReport,
  EmailFolder,
  SendVia,
} from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';
import { ConfirmDialog } from '../../components/ConfirmDialog';
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
  client: ContractClient;
  view: EmailAccountsView;
  account?: EmailAccount;
  kind: EmailAccountKind;
  userId?: number;
  onSaved(account: EmailAccount): void;
  onDeleted(): void;
};

/** One email account's settings, with Test connection, Send test email and Check now. */
export function EmailAccountEditor({ client, view, account, kind, userId, onSaved, onDeleted }: Props) {
  const styles = useEmailStyles();
  const [form, setForm] = useState<Form>(() => formOf(account, kind, userId));
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ intent: 'success' | 'error' | 'info'; text: string }>();
  const [report, setReport] = useState<{ label: string; report: EmailCheckReport }>();
  const [busy, setBusy] = useState<string>();
  const [serverFolders, setServerFolders] = useState<EmailFolder[]>();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const user = view.candidates.find((candidate) => candidate.userId === form.userId);
  const graphRefusal =
    form.kind === 'group'
      ? 'A shared mailbox sends through SMTP.'
      : !view.features.graphMail
        ? 'Switch on Mail.Send under Permissions on the Integration page first.'
        : null;

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
      const fields = {
        kind: form.kind,
        userId: form.userId ?? 0,
        ...(form.kind === 'group' ? { address: form.address } : {}),
        displayName: form.displayName,
        folders: form.folders,
        fetchSince: form.fetchSince || null,
        sendVia: form.sendVia,
        enabled: form.enabled,
      };
      const saved = await client.call('email.saveAccount', { ...(account ? { id: account.id } : {}), fields });
      setNote({ intent: 'success', text: `Email account ${saved.address} saved.` });
      onSaved(saved);
    });
  const check = (label: string, channel: 'email.testConnection' | 'email.sendTest') =>
    run(label, async () => {
      setReport(undefined);
      setReport({ label, report: await client.call(channel, { accountId: account!.id }) });
    });
  const checkNow = () =>
    run('check', async () => {
      const { run: result } = await client.call('email.checkNow', { accountId: account!.id });
      setNote({ intent: result.status === 'success' ? 'success' : result.status === 'skipped' ? 'info' : 'error', text: result.summary });
    });
  const listFolders = () =>
    run('folders', async () => {
      setServerFolders((await client.call('email.folders', { accountId: account!.id })).folders);
    });
  const remove = () =>
    run('delete', async () => {
      await client.call('email.deleteAccount', { accountId: account!.id });
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
          <Button size="small" disabled={Boolean(busy)} onClick={() => void listFolders()}>
            {busy === 'folders' ? 'Listing…' : 'List folders from the server'}
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
      {note && (
        <MessageBar intent={note.intent} layout="multiline" role={note.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>{note.text}</MessageBarBody>
        </MessageBar>
      )}
      {busy && busy !== 'folders' && <Spinner size="tiny" label="Working…" />}
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
