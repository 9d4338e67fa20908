import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { StartupNotice } from '../../../shared/contract';
import { useConsoleStore } from '../state/consoleStore';

const intentFor = { info: 'info', warning: 'warning', error: 'error' } as const;
// A stable empty list: a fresh [] per render would make the store selector loop forever.
const noNotices: readonly StartupNotice[] = [];

/** Start-up notices (a settings file moved aside, an unprotected key) and the last failed action. */
export function Notices() {
  const notices = useConsoleStore((state) => state.appInfo?.notices ?? noNotices);
  const label = useConsoleStore((state) => state.appInfo?.label);
  const connectionError = useConsoleStore((state) => state.connectionError);
  const actionError = useConsoleStore((state) => state.actionError);
  const dismiss = useConsoleStore((state) => state.dismissActionError);
  return (
    <>
      {label && (
        <MessageBar intent="info" data-testid="console-label">
          <MessageBarBody>
            <MessageBarTitle>Demo</MessageBarTitle>
            {label}
          </MessageBarBody>
        </MessageBar>
      )}
      {connectionError && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Not connected</MessageBarTitle>
            {connectionError}
          </MessageBarBody>
        </MessageBar>
      )}
      {notices.map((notice, index) => (
        <MessageBar key={index} intent={intentFor[notice.level]} layout="multiline">
          <MessageBarBody>{notice.message}</MessageBarBody>
        </MessageBar>
      ))}
      {actionError && (
        <MessageBar intent="error">
          <MessageBarBody>{actionError}</MessageBarBody>
          <MessageBarActions
            containerAction={<Button aria-label="Dismiss" appearance="transparent" icon={<DismissRegular />} onClick={dismiss} />}
          />
        </MessageBar>
      )}
    </>
  );
}
