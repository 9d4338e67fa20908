import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { ArrowLeftRegular, DismissRegular } from '@fluentui/react-icons';
import { useConsoleStore } from '../../state/consoleStore';

/** Shown while the Logs page holds one job run's entries: the way back to that run, or to the whole log. */
export function RunFilterBar({ runId, count }: { runId: string; count: number }) {
  const goTo = useConsoleStore((state) => state.goTo);
  return (
    <MessageBar intent="info" data-testid="run-filter">
      <MessageBarBody>
        <MessageBarTitle>One job run</MessageBarTitle>
        {count} entr{count === 1 ? 'y' : 'ies'} of run {runId}.
      </MessageBarBody>
      <MessageBarActions>
        <Button icon={<ArrowLeftRegular />} onClick={() => goTo({ page: 'jobs', runId })}>
          Back to the run
        </Button>
        <Button icon={<DismissRegular />} onClick={() => goTo('logs')}>
          Show all entries
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
