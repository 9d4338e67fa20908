import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { StartupNotice } from '../../../shared/contract';
import { useConsoleStore } from '../state/consoleStore';
import { useAppInfo } from '../state/serverState';
import { useDismissedNotices } from './dismissedNotices';

const intentFor = { info: 'info', warning: 'warning', error: 'error' } as const;
// A stable empty list: a fresh [] per render would make the store selector loop forever.
const noNotices: readonly StartupNotice[] = [];

const useStyles = makeStyles({
  // An info notice takes one line on every page; its whole text is in the tooltip.
  oneLine: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
});

/** Start-up notices (a settings file moved aside, an unprotected key) and the last failed action. */
export function Notices() {
  const styles = useStyles();
  const appInfo = useAppInfo();
  const notices = appInfo?.notices ?? noNotices;
  const label = appInfo?.label;
  const startedAt = appInfo?.startedAt;
  const connectionError = useConsoleStore((state) => state.connectionError);
  const actionError = useConsoleStore((state) => state.actionError);
  const dismissActionError = useConsoleStore((state) => state.dismissActionError);
  const { isDismissed, dismiss } = useDismissedNotices(startedAt);

  const compactInfo = (id: string, text: string, title?: string) =>
    !isDismissed(id) && (
      <MessageBar key={id} intent="info" layout="singleline" data-testid={id === 'demo' ? 'console-label' : 'info-notice'}>
        <MessageBarBody className={styles.oneLine} title={text}>
          {title && <MessageBarTitle>{title}</MessageBarTitle>}
          {text}
        </MessageBarBody>
        <MessageBarActions
          containerAction={
            <Button
              aria-label={`Dismiss until the console restarts: ${title ?? text.slice(0, 40)}`}
              appearance="transparent"
              icon={<DismissRegular />}
              onClick={() => dismiss(id)}
            />
          }
        />
      </MessageBar>
    );

  return (
    <>
      {label && compactInfo('demo', label, 'Demo')}
      {connectionError && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Not connected</MessageBarTitle>
            {connectionError}
          </MessageBarBody>
        </MessageBar>
      )}
      {notices.map((notice, index) =>
        notice.level === 'info' ? (
          compactInfo(`notice:${notice.message}`, notice.message)
        ) : (
          <MessageBar key={index} intent={intentFor[notice.level]} layout="multiline">
            <MessageBarBody>{notice.message}</MessageBarBody>
          </MessageBar>
        ),
      )}
      {actionError && (
        <MessageBar intent="error">
          <MessageBarBody>{actionError}</MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button aria-label="Dismiss" appearance="transparent" icon={<DismissRegular />} onClick={dismissActionError} />
            }
          />
        </MessageBar>
      )}
    </>
  );
}
