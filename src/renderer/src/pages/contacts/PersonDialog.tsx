import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Textarea,
} from '@fluentui/react-components';
import { CloudArrowUpRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { ContractError, type PersonDetail, type PersonFields, type PersonKind } from '../../../../shared/contract';
import { formatDateTime, useConsoleTimeZone } from '../../format/dateTime';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';
import { kindWords } from './kindWords';
import { PushDialog } from './PushDialog';
import { useContactsStyles } from './contactsStyles';

type Draft = { firstName: string; lastName: string; emails: string; phones: string; accountName: string };
const blank: Draft = { firstName: '', lastName: '', emails: '', phones: '', accountName: '' };
const draftOf = (person: PersonDetail): Draft => ({
  firstName: person.firstName,
  lastName: person.lastName,
  emails: person.emails.join('\n'),
  phones: person.phones.join('\n'),
  accountName: person.accountName,
});
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** "fields.emails.1" → the form field it belongs to, and the line it is on. */
function fieldOf(path: string): { field: keyof Draft | 'form'; prefix: string } {
  const [, name, index] = path.split('.');
  if (name === 'emails' || name === 'phones') return { field: name, prefix: index === undefined ? '' : `Line ${Number(index) + 1}: ` };
  if (name === 'firstName' || name === 'lastName' || name === 'accountName') return { field: name, prefix: '' };
  return { field: 'form', prefix: '' };
}

/** One record: its details, where it is in Outlook, editing, and a push of just this record. */
export function PersonDialog({ kind, id, onClose }: { kind: PersonKind; id?: number; onClose: () => void }) {
  const styles = useContactsStyles();
  const timeZone = useConsoleTimeZone();
  const words = kindWords[kind];
  const [edited, setDraft] = useState<Draft>();
  const [saveErrors, setErrors] = useState<Partial<Record<keyof Draft | 'form', string>>>({});
  const [saved, setSaved] = useState(false);
  const [pushing, setPushing] = useState(false);
  const [savedId, setSavedId] = useState(id);

  const person = useServerQuery(queryKeys.contactsPerson(savedId ?? 0), (client) => client.call('contacts.get', { id: savedId! }), {
    enabled: savedId !== undefined,
  });
  const detail = person.data;
  // The form starts from the record as stored; once edited it keeps what was typed.
  const draft: Draft = edited ?? (detail ? draftOf(detail) : blank);
  const errors = person.error && !saveErrors.form ? { ...saveErrors, form: person.error.message } : saveErrors;

  const change = (field: keyof Draft) => (_event: unknown, data: { value: string }) => {
    setDraft({ ...draft, [field]: data.value });
    setErrors((current) => ({ ...current, [field]: undefined, form: undefined }));
    setSaved(false);
  };

  const saveMutation = useServerMutation((client, fields: PersonFields) => client.call('contacts.save', { id: savedId, fields }), {
    invalidates: [queryKeys.contacts],
    onSuccess: (saved) => {
      setSavedId(saved.id);
      setErrors({});
      setSaved(true);
    },
    onError: (error) => {
      const next: typeof errors = {};
      if (error instanceof ContractError && error.issues.length > 0) {
        for (const issue of error.issues) {
          const { field, prefix } = fieldOf(issue.field);
          next[field] = `${next[field] ? `${next[field]} ` : ''}${prefix}${issue.message}`;
        }
      } else next.form = error.message;
      setErrors(next);
    },
  });

  const saving = saveMutation.isPending;

  async function save(event?: FormEvent) {
    event?.preventDefault();
    await saveMutation
      .mutateAsync({
        kind,
        firstName: draft.firstName,
        lastName: draft.lastName,
        emails: lines(draft.emails),
        phones: lines(draft.phones),
        accountName: draft.accountName,
      })
      .catch(() => {});
  }

  const title = savedId === undefined ? `New ${words.one}` : (detail?.displayName ?? `The ${words.one}`);
  return (
    <>
      <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
        <DialogSurface style={{ maxWidth: '720px' }} aria-describedby={undefined}>
          <form onSubmit={(event) => void save(event)}>
            <DialogBody>
              <DialogTitle>{title}</DialogTitle>
              <DialogContent className={styles.form}>
                {savedId !== undefined && !detail && !errors.form && <Spinner size="tiny" label="Loading…" />}
                <div className={styles.twoColumns}>
                  <Field label="First name" validationMessage={errors.firstName}>
                    <Input value={draft.firstName} onChange={change('firstName')} autoFocus />
                  </Field>
                  <Field label="Last name" validationMessage={errors.lastName}>
                    <Input value={draft.lastName} onChange={change('lastName')} />
                  </Field>
                  <Field label="Email addresses" hint="One per line; Outlook keeps up to 3." validationMessage={errors.emails}>
                    <Textarea value={draft.emails} onChange={change('emails')} rows={3} resize="vertical" />
                  </Field>
                  <Field label="Phone numbers" hint="One per line, e.g. +1 425 555 0100." validationMessage={errors.phones}>
                    <Textarea value={draft.phones} onChange={change('phones')} rows={3} resize="vertical" />
                  </Field>
                  <Field label="Company (account)" validationMessage={errors.accountName}>
                    <Input value={draft.accountName} onChange={change('accountName')} />
                  </Field>
                </div>
                {errors.form && (
                  <MessageBar intent="error">
                    <MessageBarBody>{errors.form}</MessageBarBody>
                  </MessageBar>
                )}
                {saved && (
                  <span role="status" className={styles.muted}>
                    Saved.
                  </span>
                )}
                {detail && (
                  <section aria-label="In Outlook" className={styles.form}>
                    <Subtitle2>In Outlook</Subtitle2>
                    {detail.copies.length === 0 ? (
                      <span className={styles.muted}>Not pushed to anyone's Outlook contacts yet.</span>
                    ) : (
                      <ul className={styles.list}>
                        {detail.copies.map((copy) => (
                          <li key={copy.userId}>
                            {copy.userName}: pushed {formatDateTime(copy.pushedAt, timeZone, { label: true })}{' '}
                            {copy.outOfDate ? (
                              <Badge appearance="tint" color="warning">
                                changed since
                              </Badge>
                            ) : (
                              <Badge appearance="tint" color="success">
                                up to date
                              </Badge>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </section>
                )}
              </DialogContent>
              <DialogActions>
                <Button appearance="secondary" onClick={onClose}>
                  Close
                </Button>
                {savedId !== undefined && (
                  <Button className={styles.nowrap} icon={<CloudArrowUpRegular />} onClick={() => setPushing(true)}>
                    Push to Outlook…
                  </Button>
                )}
                <Button appearance="primary" type="submit" disabled={saving}>
                  {saving ? 'Saving…' : 'Save'}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        </DialogSurface>
      </Dialog>
      {pushing && savedId !== undefined && (
        <PushDialog
          selection={{ ids: [savedId] }}
          what={detail?.displayName ?? `this ${words.one}`}
          count={1}
          onClose={() => setPushing(false)}
        />
      )}
    </>
  );
}
