import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowSyncRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../state/queryKeys';
import { useServerMutation, useVaultHealth } from '../state/serverState';
import { ConfirmDialog } from './ConfirmDialog';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0`, paddingLeft: tokens.spacingHorizontalXL },
  fix: { marginTop: tokens.spacingVerticalXS },
});

/**
 * The vault's entries cannot be read with the key the console has now: what is affected, why,
 * and the two ways out — restore the key and check again, or clear them (after asking) and enter
 * the secret and the sign-ins again. Shown on Integration, Accounts and Diagnostics.
 */
export function SecretsUnreadableNotice() {
  const styles = useStyles();
  const vault = useVaultHealth();
  const cache = useQueryClient();
  const action = useServerMutation(
    (client, which: 'recheck' | 'clear') =>
      which === 'recheck' ? client.call('vault.recheck') : client.call('vault.clearUnreadable', { confirmed: true }),
    { onSuccess: (health) => cache.setQueryData(queryKeys.vault, health) },
  );
  const busy = action.isPending ? action.variables : undefined;
  const failure = action.error?.message;
  const [confirming, setConfirming] = useState(false);
  if (!vault || vault.state !== 'unreadable') return null;

  const act = (which: 'recheck' | 'clear') => action.mutateAsync(which).catch(() => {});

  return (
    <MessageBar intent="error" layout="multiline" data-testid="secrets-unreadable">
      <MessageBarBody>
        <MessageBarTitle>Stored secrets cannot be read</MessageBarTitle>
        {vault.reason} Affected:
        <ul className={styles.list}>
          {vault.unreadable.map((entry) => (
            <li key={entry.name}>{entry.label}</li>
          ))}
        </ul>
        Until this is fixed the sync cannot sign in. <div className={styles.fix}>Fix: {vault.fix}</div>
        {failure && <div role="alert">{failure}</div>}
      </MessageBarBody>
      <MessageBarActions>
        <Button
          icon={busy === 'recheck' ? <Spinner size="tiny" /> : <ArrowSyncRegular />}
          disabled={busy !== undefined}
          onClick={() => void act('recheck')}
        >
          Check again
        </Button>
        <Button
          icon={busy === 'clear' ? <Spinner size="tiny" /> : <DeleteRegular />}
          disabled={busy !== undefined}
          onClick={() => setConfirming(true)}
        >
          Clear unreadable secrets…
        </Button>
      </MessageBarActions>
      {confirming && (
        <ConfirmDialog
          title="Clear the unreadable secrets?"
          message={
            <>
              This deletes {vault.unreadable.map((entry) => entry.label).join(', ')} from the vault. If you still have the old key
              {vault.keyFile ? ` (${vault.keyFile})` : ''}, restore it and press Check again instead: nothing is lost then. After clearing,
              enter the client secret again on the Integration page and connect the accounts again on the Accounts page.
            </>
          }
          confirmLabel="Clear them"
          onConfirm={() => void act('clear')}
          onClose={() => setConfirming(false)}
        />
      )}
    </MessageBar>
  );
}
