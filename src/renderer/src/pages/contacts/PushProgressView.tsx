import { Badge, Button, MessageBar, MessageBarBody, ProgressBar } from '@fluentui/react-components';
import { ArrowClockwiseRegular, DismissCircleRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { PushProgress, PushStatus } from '../../../../shared/contract';
import { formatClockTime, formatDateTime, useConsoleTimeZone } from '../../format/dateTime';
import { useConsoleStore } from '../../state/consoleStore';
import { useNotePush } from './contactsStore';
import { useContactsStyles } from './contactsStyles';

const statusLook: Record<PushStatus, { color: 'informative' | 'success' | 'warning' | 'danger' | 'subtle'; label: string }> = {
  running: { color: 'informative', label: 'Pushing' },
  done: { color: 'success', label: 'Done' },
  partial: { color: 'warning', label: 'Done with problems' },
  failed: { color: 'danger', label: 'Failed' },
  cancelled: { color: 'subtle', label: 'Cancelled' },
  interrupted: { color: 'warning', label: 'Interrupted' },
};

/** One push: a bar per user, what was created, updated or created again, what failed and why; cancel or resume. */
export function PushProgressView({ progress, onResumed }: { progress: PushProgress; onResumed?: (next: PushProgress) => void }) {
  const styles = useContactsStyles();
  const timeZone = useConsoleTimeZone();
  const client = useConsoleStore((state) => state.client);
  const notePush = useNotePush();
  const [error, setError] = useState<string>();
  const [cancelling, setCancelling] = useState(false);
  const look = statusLook[progress.status];

  async function cancel() {
    setCancelling(true);
    await client?.call('contacts.cancelPush', { pushId: progress.pushId }).catch((failure: Error) => setError(failure.message));
  }
  async function resume() {
    try {
      const next = await client!.call('contacts.resumePush', { pushId: progress.pushId });
      notePush(next);
      onResumed?.(next);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }

  return (
    <div className={styles.progressCard} role="group" aria-label={`Push started ${formatDateTime(progress.startedAt, timeZone)}`}>
      <div className={styles.progressHeader}>
        <Badge appearance="filled" color={look.color}>
          {look.label}
        </Badge>
        <span className={styles.muted}>started {formatClockTime(progress.startedAt, timeZone, { label: true })}</span>
        <span className={styles.spacer} />
        {progress.status === 'running' && (
          <Button size="small" icon={<DismissCircleRegular />} disabled={cancelling} onClick={() => void cancel()}>
            {cancelling ? 'Cancelling…' : 'Cancel push'}
          </Button>
        )}
        {progress.resumable && (
          <Button size="small" icon={<ArrowClockwiseRegular />} onClick={() => void resume()}>
            Resume push
          </Button>
        )}
      </div>
      {progress.users.map((user) => (
        <div key={user.userId} className={styles.userProgress}>
          <strong>{user.userName}</strong>
          <ProgressBar
            value={user.total === 0 ? 1 : user.done / user.total}
            color={user.error ? 'error' : user.failed > 0 ? 'warning' : progress.status === 'running' ? 'brand' : 'success'}
            aria-label={`Push to ${user.userName}`}
            aria-valuetext={`${user.done} of ${user.total}`}
          />
          <span className={styles.muted}>
            {user.done.toLocaleString()} of {user.total.toLocaleString()}
          </span>
        </div>
      ))}
      <span aria-live="polite">
        {progress.status === 'running'
          ? progress.users
              .map(
                (user) =>
                  `${user.userName}: ${user.created} created, ${user.updated} updated${user.recreated ? `, ${user.recreated} created again` : ''}${user.failed ? `, ${user.failed} failed` : ''}.`,
              )
              .join(' ')
          : progress.summary}
      </span>
      {progress.users
        .filter((user) => user.error)
        .map((user) => (
          <MessageBar key={user.userId} intent="error">
            <MessageBarBody>
              {user.userName}: {user.error}
            </MessageBarBody>
          </MessageBar>
        ))}
      {progress.users.some((user) => user.messages.length > 0) && (
        <ul className={styles.list} aria-label="Push messages">
          {progress.users.flatMap((user) => user.messages.map((message, index) => <li key={`${user.userId}-${index}`}>{message}</li>))}
        </ul>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
