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
import type { EmailAccount, OutgoingEmail, SendResult } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation } from '../../state/serverState';
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
  accounts,
  draft,
  onClose,
  onSent,
}: {
  accounts: EmailAccount[];
  draft: Draft;
  onClose(): void;
  onSent(result: SendResult): void;
}) {
  const styles = useEmailStyles();
  const [value, setValue] = useState<Draft>({ ...draft, accountId: draft.accountId ?? accounts[0]?.id });
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const account = accounts.find((candidate) => candidate.id === value.accountId);
  // A sent message is kept as sent: the list is read again once it went out.
  const sending = useServerMutation((client, email: OutgoingEmail) => client.call('email.send', email), {
    invalidates: [queryKeys.email],
    onSuccess: onSent,
    onError: (failure) => {
      const found = issuesByField(failure);
      setIssues(found.fields);
      setError(found.message);
    },
  });

  function send() {
    if (!value.accountId) return;
    setError(undefined);
    setIssues({});
    sending.mutate({
      accountId: value.accountId,
      to: splitAddresses(value.to),
      cc: splitAddresses(value.cc),
      subject: value.subject,
      body: value.body,
      ...(value.replyToMessageId ? { replyToMessageId: value.replyToMessageId } : {}),
    });
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
            <Button appearance="primary" disabled={sending.isPending || !value.accountId} onClick={send}>
              {sending.isPending ? 'Sending…' : 'Send'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
