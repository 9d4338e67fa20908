import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular, CircleRegular } from '@fluentui/react-icons';
import { useConsoleStore } from '../state/consoleStore';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'center',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  item: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  spacer: { flexGrow: 1 },
});

export function StatusBar() {
  const styles = useStyles();
  const status = useConsoleStore((state) => state.status);
  const appInfo = useConsoleStore((state) => state.appInfo);
  const lastSync = status?.lastSync;
  return (
    <footer className={styles.bar} role="contentinfo" aria-label="Status">
      <span className={styles.item} data-testid="status-integration">
        {status?.integrationEnabled ? <CheckmarkCircleRegular /> : <CircleRegular />}
        <Caption1>Integration: {status === undefined ? '…' : status.integrationEnabled ? 'on' : 'off'}</Caption1>
      </span>
      <span className={styles.item} data-testid="status-last-sync">
        <Caption1>
          Last sync:{' '}
          {status === undefined
            ? '…'
            : lastSync
              ? `${lastSync.status} at ${new Date(lastSync.finishedAt).toLocaleString()} — ${lastSync.summary}`
              : 'no sync has run yet'}
        </Caption1>
      </span>
      <span className={styles.spacer} />
      {appInfo && (
        <Caption1 title={`Data folder: ${appInfo.dataDir}`}>
          {appInfo.mode === 'headless' ? 'Headless' : 'Desktop'} · v{appInfo.version}
        </Caption1>
      )}
    </footer>
  );
}
