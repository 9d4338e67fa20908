import { Button, Card, Dropdown, Field, MessageBar, MessageBarBody, Option, Spinner, Subtitle2, Switch } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import type { ContactSettings } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';
import { useContactsStyles } from './contactsStyles';

const defaultFolder = '';

/**
 * One user's contacts settings: the Outlook folder pushes go to (listed from the mailbox; the
 * default Contacts folder when none is chosen) and the scheduled push of changed records.
 * Self-contained, so the Accounts page can show it for each connected user.
 */
export function ContactsSettingsPanel({ client, userId }: { client: ContractClient; userId: number }) {
  const styles = useContactsStyles();
  const [settings, setSettings] = useState<ContactSettings>();
  const [folders, setFolders] = useState<Array<{ id: string; displayName: string }>>();
  const [foldersError, setFoldersError] = useState<string>();
  const [folderId, setFolderId] = useState(defaultFolder);
  const [scheduled, setScheduled] = useState(false);
  const [note, setNote] = useState<{ intent: 'success' | 'error'; text: string }>();
  const [saving, setSaving] = useState(false);

  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    client
      .call('contacts.settings', { userId })
      .then(async (loaded) => {
        if (!current) return;
        setSettings(loaded);
        setFolderId(loaded.folderId ?? defaultFolder);
        setScheduled(loaded.pushChangedOnSchedule);
        if (!loaded.allowed) return;
        const listed = await client.call('contacts.folders', { userId });
        if (current) setFolders(listed.folders);
      })
      .catch((error: Error) => current && setFoldersError(error.message));
    return () => {
      current = false;
    };
  }, [client, userId, attempt]);

  function retry() {
    setNote(undefined);
    setFolders(undefined);
    setFoldersError(undefined);
    setAttempt((value) => value + 1);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      const folderName = folders?.find((folder) => folder.id === folderId)?.displayName ?? settings?.folderName ?? null;
      const next = await client.call('contacts.saveSettings', {
        userId,
        folderId: folderId || null,
        folderName: folderId ? folderName : null,
        pushChangedOnSchedule: scheduled,
      });
      setSettings(next);
      setNote({ intent: 'success', text: 'Contacts settings saved.' });
    } catch (error) {
      setNote({ intent: 'error', text: (error as Error).message });
    } finally {
      setSaving(false);
    }
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
      <form className={styles.form} onSubmit={(event) => void save(event)} aria-label={`Contacts settings of ${settings.userName}`}>
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
          <Button appearance="primary" type="submit" disabled={disabled || saving}>
            {saving ? 'Saving…' : 'Save contacts settings'}
          </Button>
          {foldersError && !disabled && <Button onClick={retry}>Try again</Button>}
        </div>
      </form>
    </Card>
  );
}
