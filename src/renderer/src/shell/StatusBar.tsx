import { Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { ConsoleStatus } from '../../../shared/contract';
import {
  CheckmarkCircleRegular,
  CircleRegular,
  ErrorCircleRegular,
  KeyRegular,
  LockClosedRegular,
  PlugDisconnectedRegular,
  WarningRegular,
} from '@fluentui/react-icons';
import { describeSecretExpiry } from '../../../shared/integration/secretExpiry';
import { formatDateTime, formatPlainDate, useConsoleTimeZone } from '../format/dateTime';
import { useConsoleStore } from '../state/consoleStore';
import { useAppInfo, useConsoleStatus, useVaultHealth } from '../state/serverState';

const useStyles = makeStyles({
  // One line at any width: items keep their words, the last sync shortens with an ellipsis, and
  // each item's details are in its tooltip (title).
  bar: {
    display: 'flex',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'center',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  item: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center', flexShrink: 0 },
  shrinking: { flexShrink: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' },
  spacer: { flexGrow: 1 },
  // What the bar shows is from before the console stopped answering.
  stale: { opacity: 0.55 },
  link: { cursor: 'pointer', background: 'none', border: 'none', padding: 0, font: 'inherit' },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  error: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

export function StatusBar() {
  const styles = useStyles();
  const status = useConsoleStatus();
  const appInfo = useAppInfo();
  const connection = useConsoleStore((state) => state.connection);
  const vault = useVaultHealth();
  const goTo = useConsoleStore((state) => state.goTo);
  const timeZone = useConsoleTimeZone();
  const lastSync = status?.lastSync;
  const disconnected = connection.state === 'lost' || connection.state === 'staleToken';
  return (
    <footer className={styles.bar} role="contentinfo" aria-label="Status">
      {disconnected && (
        <span className={mergeClasses(styles.item, styles.error)} data-testid="status-connection" role="status">
          <PlugDisconnectedRegular />
          <Caption1>
            {connection.state === 'staleToken'
              ? 'Not connected: this page’s token is no longer valid'
              : `Not connected since ${formatStatusTime(new Date(connection.since).toISOString(), timeZone)} — showing the state from then`}
          </Caption1>
        </span>
      )}
      {vault?.state === 'unreadable' && (
        <button
          type="button"
          className={mergeClasses(styles.item, styles.error, styles.link)}
          data-testid="status-secrets-unreadable"
          title={vault.fix ?? undefined}
          onClick={() => goTo('integration')}
        >
          <LockClosedRegular />
          <Caption1>Stored secrets unreadable: sync cannot sign in</Caption1>
        </button>
      )}
      <span className={mergeClasses(styles.item, disconnected && styles.stale)} data-testid="status-integration">
        {status?.integrationEnabled ? <CheckmarkCircleRegular /> : <CircleRegular />}
        <Caption1>Integration: {status === undefined ? '…' : status.integrationEnabled ? 'on' : 'off'}</Caption1>
      </span>
      <span
        className={mergeClasses(styles.item, styles.shrinking, disconnected && styles.stale)}
        data-testid="status-last-sync"
        title={lastSync ? `${lastSync.status} at ${formatStatusTime(lastSync.finishedAt, timeZone)}: ${lastSync.summary}` : undefined}
      >
        <Caption1 className={styles.shrinking}>
          Last sync:{' '}
          {status === undefined
            ? '…'
            : lastSync
              ? `${lastSync.status} at ${formatStatusTime(lastSync.finishedAt, timeZone)}`
              : 'no sync has run yet'}
        </Caption1>
      </span>
      {status?.secretExpiry && <SecretExpiryItem expiry={status.secretExpiry} />}
      {status && status.accountsNeedingReconnect.length > 0 && (
        <span
          className={mergeClasses(styles.item, styles.error)}
          data-testid="status-needs-reconnect"
          role="status"
          title={`Reconnect on the Accounts page: ${status.accountsNeedingReconnect.map((account) => `${account.userName} (${account.userPrincipalName})`).join(', ')}`}
        >
          <PlugDisconnectedRegular />
          <Caption1>
            {status.accountsNeedingReconnect.length === 1
              ? `${status.accountsNeedingReconnect[0].userName}'s Outlook account needs reconnect`
              : `${status.accountsNeedingReconnect.length} Outlook accounts need reconnect`}
          </Caption1>
        </span>
      )}
      <span className={styles.spacer} />
      {appInfo && (
        <Caption1 title={`Data folder: ${appInfo.dataDir}`}>
          {appInfo.label ? 'Demo · ' : ''}
          {appInfo.mode === 'headless' ? 'Headless' : 'Desktop'} · v{appInfo.version}
        </Caption1>
      )}
    </footer>
  );
}

/** Every time the status bar shows, in one place: in the console's zone, which it names (issue 19). */
export function formatStatusTime(iso: string, timeZone: string): string {
  return formatDateTime(iso, timeZone, { label: true });
}

/** The client secret's expiry: quiet while far off, a reminder from 30 days, an error once expired. */
function SecretExpiryItem({ expiry }: { expiry: NonNullable<ConsoleStatus['secretExpiry']> }) {
  const styles = useStyles();
  const className = expiry.state === 'expired' ? styles.error : expiry.state === 'reminder' ? styles.warning : undefined;
  const Icon = expiry.state === 'expired' ? ErrorCircleRegular : expiry.state === 'reminder' ? WarningRegular : KeyRegular;
  const text =
    expiry.state === 'expired'
      ? `Client secret expired on ${formatPlainDate(expiry.expiresOn)}`
      : expiry.state === 'reminder'
        ? `Client secret expires in ${expiry.daysLeft === 1 ? '1 day' : `${expiry.daysLeft} days`}`
        : `Client secret valid until ${formatPlainDate(expiry.expiresOn)}`;
  return (
    <span
      className={mergeClasses(styles.item, className)}
      data-testid="status-secret-expiry"
      title={describeSecretExpiry(expiry, formatPlainDate)}
      role={expiry.state === 'ok' ? undefined : 'status'}
    >
      <Icon />
      <Caption1>{text}</Caption1>
    </span>
  );
}
