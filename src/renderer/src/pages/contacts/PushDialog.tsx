import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { PersonSelection } from '../../../../shared/contract';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { PushProgressView } from './PushProgressView';
import { useConsoleStore } from '../../state/consoleStore';
import { hasOutlookContacts, useAccessOverview, useNotePush, usePushes } from './contactsStore';
import { useContactsStyles } from './contactsStyles';

/** Chooses whose Outlook contacts get the records, then follows the push. */
export function PushDialog({
  selection,
  what,
  count,
  onClose,
}: {
  selection: PersonSelection;
  what: string;
  count: number;
  onClose: () => void;
}) {
  const styles = useContactsStyles();
  const client = useConsoleStore((state) => state.client);
  const overview = useAccessOverview();
  const pushes = usePushes().data ?? [];
  const notePush = useNotePush();
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [pushId, setPushId] = useState<string>();
  const [error, setError] = useState<string>();
  const [starting, setStarting] = useState(false);
  const users = (overview?.users ?? []).filter((user) => user.active);
  const progress = pushes.find((push) => push.pushId === pushId);

  async function start() {
    if (!client) return;
    setStarting(true);
    setError(undefined);
    try {
      const started = await client.call('contacts.push', { selection, userIds: [...chosen] });
      notePush(started);
      setPushId(started.pushId);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setStarting(false);
    }
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface style={{ maxWidth: '720px' }} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Push {what} to Outlook</DialogTitle>
          <DialogContent className={styles.form}>
            {!progress ? (
              <>
                <span>
                  {count.toLocaleString()} {count === 1 ? 'record goes' : 'records go'} to the contacts of each user you choose: the first
                  push creates them, later pushes update the same Outlook contacts.
                </span>
                <CheckboxGroup
                  label="Users to push to"
                  hint="Only users with Outlook Contacts access can be chosen (Access control page). Each needs a connected Outlook account (Accounts page)."
                  options={users.map((user) => {
                    const allowed = overview ? hasOutlookContacts(user, overview) : false;
                    return {
                      key: user.id,
                      label: allowed ? `${user.name} (${user.email})` : `${user.name}: no Outlook Contacts access`,
                      disabled: !allowed,
                      checked: chosen.has(user.id),
                      onChange: (checked: boolean) =>
                        setChosen((current) => {
                          const next = new Set(current);
                          if (checked) next.add(user.id);
                          else next.delete(user.id);
                          return next;
                        }),
                    };
                  })}
                >
                  {users.length === 0 && <span className={styles.muted}>There are no users yet: add them on the Access control page.</span>}
                </CheckboxGroup>
              </>
            ) : (
              <PushProgressView progress={progress} onResumed={(next) => setPushId(next.pushId)} />
            )}
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {progress ? 'Close' : 'Cancel'}
            </Button>
            {!progress && (
              <Button appearance="primary" disabled={chosen.size === 0 || starting} onClick={() => void start()}>
                {starting ? 'Starting…' : 'Push'}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
