import { Button, Card, Dropdown, Field, MessageBar, MessageBarBody, Option, Spinner, Subtitle2, Switch } from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ChannelInput } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';
import { useContactsStyles } from './contactsStyles';

const defaultFolder = '';

/**
 * One user's contacts settings: the Outlook folder pushes go to (listed from the mailbox; the
 * default Contacts folder when none is chosen) and the scheduled push of changed records.
 * Self-contained, so the Accounts page can show it for each connected user.
 */
export function ContactsSettingsPanel({ client, userId }: { client: ContractClient; userId: number }) {
  const styles = useContactsStyles();
  const cache = useQueryClient();
  const stored = useServerQuery(queryKeys.contactsSettings(userId), () => client.call('contacts.settings', { userId }));
  const settings = stored.data;
  const listed = useServerQuery(queryKeys.outlookContactFolders(userId), () => client.call('contacts.folders', { userId }), {
    enabled: settings?.allowed === true,
  });
  const folders = listed.data?.folders;
  const foldersError = stored.error?.message ?? listed.error?.message;
  // The form's choices once changed; until then the stored ones.
  const [chosenFolderId, setFolderId] = useState<string>();
  const [chosenScheduled, setScheduled] = useState<boolean>();
  const folderId = chosenFolderId ?? settings?.folderId ?? defaultFolder;
  const scheduled = chosenScheduled ?? settings?.pushChangedOnSchedule ?? false;
  const [note, setNote] = useState<{ intent: 'success' | 'error'; text: string }>();

  function retry() {
    setNote(undefined);
    void (stored.error ? stored.refetch() : listed.refetch());
  }

  const saving = useServerMutation((client, input: ChannelInput<'contacts.saveSettings'>) => client.call('contacts.saveSettings', input), {
    onSuccess: (next) => {
      cache.setQueryData(queryKeys.contactsSettings(userId), next);
      setNote({ intent: 'success', text: 'Contacts settings saved.' });
    },
    onError: (error) => setNote({ intent: 'error', text: error.message }),
  });

  function save(event: FormEvent) {
    event.preventDefault();
    const folderName = folders?.find((folder) => folder.id === folderId)?.displayName ?? settings?.folderName ?? null;
    saving.mutate({ userId, folderId: folderId || null, folderName: folderId ? folderName : null, pushChangedOnSchedule: scheduled });
  }

  if (!settings)
    return foldersError ? (
      <MessageBar intent="error">
        <MessageBarBody>{foldersError}</MessageBarBody>
      </MessageBar>
    ) : (
      <Spinner size="tiny" label="Loading the contacts settings…" />
    );
  const disabled = !settings.allowed;
  const chosenName =
    folderId === defaultFolder
      ? 'Contacts (default folder)'
      : (folders?.find((folder) => folder.id === folderId)?.displayName ?? settings.folderName ?? 'A folder no longer listed');
  return (
    <Card className={styles.settingsCard}>
      <form className={styles.form} onSubmit={save} aria-label={`Contacts settings of ${settings.userName}`}>
        <Subtitle2>Contacts settings of {settings.userName}</Subtitle2>
        {disabled && (
          <MessageBar intent="warning">
            <MessageBarBody>{settings.accessMessage}</MessageBarBody>
          </MessageBar>
        )}
        <Field
          label="Outlook contact folder"
          hint="Pushed contacts and leads go here. Folders are read from the user's mailbox."
          validationMessage={foldersError}
        >
          <Dropdown
            disabled={disabled || (!folders && !foldersError)}
            value={chosenName}
            selectedOptions={[folderId]}
            onOptionSelect={(_event, data) => setFolderId(data.optionValue ?? defaultFolder)}
          >
            <Option value={defaultFolder}>Contacts (default folder)</Option>
            {(folders ?? []).map((folder) => (
              <Option key={folder.id} value={folder.id}>
                {folder.displayName}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Switch
          disabled={disabled}
          checked={scheduled}
          onChange={(_event, data) => setScheduled(data.checked)}
          label="Push changed contacts and leads with the scheduled sync (records changed since the last push)"
        />
        {note && (
          <MessageBar intent={note.intent}>
            <MessageBarBody>{note.text}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.toolbar}>
          <Button appearance="primary" type="submit" disabled={disabled || saving.isPending}>
            {saving.isPending ? 'Saving…' : 'Save contacts settings'}
          </Button>
          {foldersError && !disabled && <Button onClick={retry}>Try again</Button>}
        </div>
      </form>
    </Card>
  );
}
