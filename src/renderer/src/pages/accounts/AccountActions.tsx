import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, LinkDismissRegular, PlugConnectedRegular } from '@fluentui/react-icons';
import type { AccountRow } from '../../../../shared/contract';

const useStyles = makeStyles({
  // Stacked: side by side, three actions push the table past a 1280 px window.
  actions: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, alignItems: 'flex-start' },
  button: { whiteSpace: 'nowrap', flexShrink: 0 },
});

type Props = { row: AccountRow; disabled: boolean; onConnect: () => void; onRefresh: () => void; onDisconnect: () => void };

/** Connect / Reconnect, Refresh now, Disconnect: each labelled with the user it acts for. */
export function AccountActions({ row, disabled, onConnect, onRefresh, onDisconnect }: Props) {
  const styles = useStyles();
  const { account } = row;
  const connected = account && account.status !== 'disconnected';
  const canConnect = !row.accessProblem && !row.attempt;
  return (
    <div className={styles.actions}>
      {canConnect && (
        <Button
          className={styles.button}
          appearance={account?.status === 'needsReconnect' || !connected ? 'primary' : 'secondary'}
          size="small"
          icon={<PlugConnectedRegular />}
          disabled={disabled}
          onClick={onConnect}
          aria-label={`${connected ? 'Reconnect' : 'Connect'} ${row.user.name}`}
        >
          {connected ? 'Reconnect' : 'Connect'}
        </Button>
      )}
      {account?.status === 'connected' && (
        <Button
          className={styles.button}
          size="small"
          appearance="subtle"
          icon={<ArrowClockwiseRegular />}
          disabled={disabled}
          onClick={onRefresh}
          aria-label={`Refresh token of ${row.user.name}`}
        >
          Refresh now
        </Button>
      )}
      {connected && (
        <Button
          className={styles.button}
          size="small"
          appearance="subtle"
          icon={<LinkDismissRegular />}
          disabled={disabled}
          onClick={onDisconnect}
          aria-label={`Disconnect ${row.user.name}`}
        >
          Disconnect
        </Button>
      )}
    </div>
  );
}
