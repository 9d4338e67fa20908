import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import type { ConnectedAccount } from '../../../../shared/contract';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  missing: { color: tokens.colorPaletteDarkOrangeForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

const permissionName = (scope: string) => scope.replace(/^https?:\/\/[^/]+\//i, '');

/** Granted against requested: a missing permission is named with its fix. */
export function ScopesCell({ account, requested }: { account: ConnectedAccount | null; requested: string[] }) {
  const styles = useStyles();
  if (!account || account.status === 'disconnected') {
    const names = requested.map(permissionName).filter((name) => name !== 'offline_access');
    return <Caption1 className={styles.muted}>Will ask for {names.join(', ') || 'no Graph permission'}</Caption1>;
  }
  return (
    <div className={styles.stack}>
      <Caption1>Granted: {account.grantedScopes.join(', ') || 'none'}</Caption1>
      {account.missingScopes.length > 0 && (
        <Caption1 className={styles.missing}>
          Missing: {account.missingScopes.join(', ')}. Fix: grant consent again (Grant admin consent on the Integration page, then
          Reconnect).
        </Caption1>
      )}
    </div>
  );
}
