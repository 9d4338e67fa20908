import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { EmailAccount, SendResult } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';
import { useEmailStyles } from './emailStyles';
import { issuesByField } from './fieldIssues';

export type Draft = { accountId?: number; to: string; cc: string; subject: string; body: string; replyToMessageId?: number };

const splitAddresses = (text: string) =>
  text
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);

/** New email or Reply: sent the chosen account's way (SMTP or Graph) and kept as sent. */
export function ComposeDialog({
  client,
  accounts,
  draft,
  onClose,
  onSent,
}: {
  client: ContractClient;
  accounts: EmailAccount[];
  draft: Draft;
  onClose(): void;
  onSent(result: SendResult): void;
}) {
  const styles = useEmailStyles();
  const [value, setValue] = useState<Draft>({ ...draft, accountId: draft.accountId ?? accounts[0]?.id });
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const account = accounts.find((candidate) => candidate.id === value.accountId);

  async function send() {
    if (!value.accountId) return;
    setSending(true);
    setError(undefined);
    setIssues({});
    try {
      const result = await client.call('email.send', {
        accountId: value.accountId,
        to: splitAddresses(value.to),
        cc: splitAddresses(value.cc),
        subject: value.subject,
        body: value.body,
        ...(value.replyToMessageId ? { replyToMessageId: value.replyToMessageId } : {}),
      });
      onSent(result);
    } catch (failure) {
      const found = issuesByField(failure);
      setIssues(found.fields);
      setError(found.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface aria-label={draft.replyToMessageId ? 'Reply' : 'New email'}>
        <DialogBody>
          <DialogTitle>{draft.replyToMessageId ? 'Reply' : 'New email'}</DialogTitle>
          <DialogContent className={styles.form}>
            <Field
              label="From"
              hint={
                account
                  ? `Sent through ${account.sendVia === 'graph' ? 'Microsoft Graph (saved to Sent Items by Graph)' : 'SMTP (a copy is saved to Sent with IMAP)'}.`
                  : undefined
              }
            >
              <Dropdown
                value={account ? `${account.displayName} <${account.address}>` : ''}
                selectedOptions={value.accountId ? [String(value.accountId)] : []}
                onOptionSelect={(_event, data) => setValue({ ...value, accountId: Number(data.optionValue) })}
              >
                {accounts.map((candidate) => (
                  <Option key={candidate.id} value={String(candidate.id)}>{`${candidate.displayName} <${candidate.address}>`}</Option>
                ))}
              </Dropdown>
            </Field>
            <Field label="To" validationMessage={issues.to} hint="Addresses separated by commas.">
              <Input value={value.to} onChange={(_event, data) => setValue({ ...value, to: data.value })} />
            </Field>
            <Field label="Cc" validationMessage={issues.cc}>
              <Input value={value.cc} onChange={(_event, data) => setValue({ ...value, cc: data.value })} />
            </Field>
            <Field label="Subject" validationMessage={issues.subject}>
              <Input value={value.subject} onChange={(_event, data) => setValue({ ...value, subject: data.value })} />
            </Field>
            <Field label="Message" validationMessage={issues.body}>
              <Textarea
                rows={8}
                resize="vertical"
                value={value.body}
                onChange={(_event, data) => setValue({ ...value, body: data.value })}
              />
            </Field>
            {error && (
              <MessageBar intent="error" layout="multiline" role="alert">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" disabled={sending || !value.accountId} onClick={() => void send()}>
              {sending ? 'Sending…' : 'Send'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
