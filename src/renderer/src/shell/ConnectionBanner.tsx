import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useConsoleStore } from '../state/consoleStore';
import { formatClockTime, useConsoleTimeZone } from '../format/dateTime';

const useStyles = makeStyles({
  // Stays in view while the page scrolls: everything below it may be out of date.
  sticky: { position: 'sticky', top: 0, zIndex: 2, boxShadow: tokens.shadow8 },
  code: { fontFamily: tokens.fontFamilyMonospace },
});

/** Says when the headless console stops answering, what the page does about it, and what the administrator can do. */
export function ConnectionBanner() {
  const styles = useStyles();
  const connection = useConsoleStore((state) => state.connection);
  const reconnectedAt = useConsoleStore((state) => state.reconnectedAt);
  const client = useConsoleStore((state) => state.client);
  const timeZone = useConsoleTimeZone();
  const now = useNow(connection.state === 'lost');

  if (connection.state === 'staleToken') {
    return (
      <MessageBar intent="error" layout="multiline" className={styles.sticky} data-testid="connection-banner">
        <MessageBarBody>
          <MessageBarTitle>This page’s access token is no longer valid</MessageBarTitle>
          The console now answers with another token: it was started again with <span className={styles.code}>--new-token</span>, or another
          console answers at this address. On the console’s machine, <span className={styles.code}>npm run headless -- --print-url</span>{' '}
          (with the same <span className={styles.code}>--data-dir</span> if it uses one) prints the current URL; open that instead of this
          page.
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (connection.state === 'lost') {
    const seconds = connection.nextAttemptAt === null ? null : Math.max(0, Math.ceil((connection.nextAttemptAt - now) / 1000));
    return (
      <MessageBar intent="error" layout="multiline" className={styles.sticky} data-testid="connection-banner">
        <MessageBarBody>
          <MessageBarTitle>The console is not answering</MessageBarTitle>
          Since {formatClockTime(new Date(connection.since).toISOString(), timeZone, { label: true })}. What this page shows is from then,
          and changes cannot be saved until it is back.{' '}
          {seconds === null || seconds === 0 ? 'Trying to reconnect…' : `Trying again in ${seconds} s.`} If it was stopped, start it again (
          <span className={styles.code}>npm run headless</span>, or{' '}
          <span className={styles.code}>systemctl --user start outlook-console</span> for the service); through an SSH tunnel, check that
          the tunnel is still open.
        </MessageBarBody>
        <MessageBarActions>
          <Button icon={<ArrowSyncRegular />} onClick={() => client?.connection?.retryNow()}>
            Try now
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (connection.state === 'connected' && reconnectedAt !== undefined) {
    return (
      <MessageBar intent="success" className={styles.sticky} data-testid="connection-banner">
        <MessageBarBody>Reconnected to the console; the page is up to date again.</MessageBarBody>
      </MessageBar>
    );
  }
  return null;
}

/** The time, ticking every second while `ticking` (a countdown on screen). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ticking]);
  return now;
}
