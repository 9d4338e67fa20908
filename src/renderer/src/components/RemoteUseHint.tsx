import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { sshForwardCommand, suggestedRedirectPort } from '../../../shared/integration/sshForward';
import { CopyableCode } from './CopyableCode';
import { useAppInfo } from '../state/serverState';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/**
 * Headless mode used from another computer through SSH: the console's port alone is not enough,
 * because Microsoft sends each sign-in's answer to `localhost:<port>` in the administrator's
 * browser. Only a fixed redirect port can be forwarded too; this says so, with the exact command.
 */
export function RemoteUseHint({ redirectPort }: { redirectPort: number | null }) {
  const styles = useStyles();
  const appInfo = useAppInfo();
  if (appInfo?.mode !== 'headless') return null;
  const consolePort = Number(window.location.port) || 80;
  const command = sshForwardCommand({ consolePort, redirectPort: redirectPort ?? suggestedRedirectPort, host: appInfo.hostName });
  return (
    <div className={styles.box} data-testid="remote-use-hint">
      <Caption1>
        {redirectPort === null
          ? `Using this console from another computer through an SSH tunnel? Each sign-in's answer comes back on a new port, which a tunnel cannot follow: set a fixed redirect port (say ${suggestedRedirectPort}) on the Integration page, save, and forward it together with the console's port:`
          : 'Using this console from another computer through an SSH tunnel? Forward both ports, each to the same number on your computer, then open the console at 127.0.0.1 there:'}
      </Caption1>
      <CopyableCode value={command} copyLabel="Copy the SSH command" testId="ssh-forward-command" />
    </div>
  );
}
