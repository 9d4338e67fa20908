import { Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, LinkDismissRegular, MoreHorizontalRegular, PlugConnectedRegular } from '@fluentui/react-icons';
import type { AccountRow } from '../../../../shared/contract';

const useStyles = makeStyles({
  // One line: the action a row most needs, and the rest behind "More actions" (three buttons side
  // by side pushed the table past a 1280 px window; stacked they made every row three lines high).
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  button: { whiteSpace: 'nowrap', flexShrink: 0 },
});

type Props = { row: AccountRow; disabled: boolean; onConnect: () => void; onRefresh: () => void; onDisconnect: () => void };

/** Connect / Reconnect on the row; Refresh now and Disconnect in its menu. Each labelled with the user it acts for. */
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
      {connected && (
        <Menu positioning="below-end">
          <MenuTrigger disableButtonEnhancement>
            <Button
              size="small"
              appearance="subtle"
              icon={<MoreHorizontalRegular />}
              disabled={disabled}
              aria-label={`More actions for ${row.user.name}`}
              title="More actions"
            />
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {account?.status === 'connected' && (
                <MenuItem icon={<ArrowClockwiseRegular />} onClick={onRefresh} aria-label={`Refresh token of ${row.user.name}`}>
                  Refresh token now
                </MenuItem>
              )}
              <MenuItem icon={<LinkDismissRegular />} onClick={onDisconnect} aria-label={`Disconnect ${row.user.name}`}>
                Disconnect…
              </MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
      )}
    </div>
  );
}
