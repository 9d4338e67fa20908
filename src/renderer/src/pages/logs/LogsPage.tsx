import {
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  ToggleButton,
  Toolbar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownRegular, PauseRegular, PlayRegular, SearchRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { logLevelSchema, type LogEntry, type LogLevel } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';
import { queryKeys } from '../../state/queryKeys';
import { useServerQuery } from '../../state/serverState';
import { EntryDetail } from './EntryDetail';
import { ExportBundleCard } from './ExportBundleCard';
import { LiveLogView } from './LiveLogView';
import { LogSettingsBar } from './LogSettingsBar';
import { useLogView } from './logStore';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minHeight: '70vh', flexGrow: 1 },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  levels: { display: 'flex', gap: tokens.spacingHorizontalXS },
});

const liveDay = 'live';

export function LogsPage() {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const runId = useConsoleStore((state) => (state.route.page === 'logs' ? state.route.runId : undefined));
  // Not the entries themselves: the list below follows them, so a streamed batch re-renders the list, not the page.
  const { sources, heldCount, paused, day, error, start, setPaused, showDay } = useLogView(
    useShallow(({ sources, heldCount, paused, day, error, start, setPaused, showDay }) => ({
      sources,
      heldCount,
      paused,
      day,
      error,
      start,
      setPaused,
      showDay,
    })),
  );
  const [levels, setLevels] = useState<ReadonlySet<LogLevel>>(new Set(logLevelSchema.options));
  const [source, setSource] = useState('');
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(true);
  const [selected, setSelected] = useState<LogEntry>();

  useEffect(() => (client ? start(client) : undefined), [client, start]);
  const days = useServerQuery(queryKeys.logDays, (client) => client.call('log.days')).data?.days ?? [];
  // A run's lines are kept with the run in the job history, so even an old run shows complete.
  const runDetail = useServerQuery(queryKeys.jobRun(runId ?? ''), (client) => client.call('jobs.runDetail', { runId: runId! }), {
    enabled: Boolean(runId),
  });
  const runEntries = runDetail.data?.logLines ?? [];

  const toggleLevel = (level: LogLevel) =>
    setLevels((current) => {
      const next = new Set(current);
      if (next.has(level)) next.delete(level);
      else next.add(level);
      return next;
    });

  return (
    <section className={styles.page} aria-label="Logs">
      <LogSettingsBar />
      <div className={styles.filters}>
        <Field label="Search">
          <Input
            contentBefore={<SearchRegular />}
            value={text}
            onChange={(_event, data) => setText(data.value)}
            placeholder="Text in message or fields"
          />
        </Field>
        <Field label="Source">
          <Dropdown
            value={source || 'All sources'}
            selectedOptions={[source]}
            onOptionSelect={(_event, data) => setSource(data.optionValue ?? '')}
          >
            <Option value="">All sources</Option>
            {sources.map((name) => (
              <Option key={name} value={name}>
                {name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Day">
          <Dropdown
            value={day ?? 'Live (this session)'}
            selectedOptions={[day ?? liveDay]}
            onOptionSelect={(_event, data) => client && void showDay(client, data.optionValue === liveDay ? undefined : data.optionValue)}
          >
            <Option value={liveDay}>Live (this session)</Option>
            {[...days].reverse().map((name) => (
              <Option key={name} value={name}>
                {name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Toolbar aria-label="Levels shown" className={styles.levels}>
          {logLevelSchema.options.map((level) => (
            <ToggleButton key={level} size="small" checked={levels.has(level)} onClick={() => toggleLevel(level)}>
              {level.toUpperCase()}
            </ToggleButton>
          ))}
        </Toolbar>
        <ToggleButton
          icon={paused ? <PlayRegular /> : <PauseRegular />}
          checked={paused}
          onClick={() => setPaused(!paused)}
          disabled={day !== undefined}
        >
          {paused ? `Resume${heldCount ? ` (${heldCount} new)` : ''}` : 'Pause'}
        </ToggleButton>
        <ToggleButton icon={<ArrowDownRegular />} checked={follow} onClick={() => setFollow(!follow)}>
          Follow
        </ToggleButton>
        <Button appearance="subtle" onClick={() => setText('')} disabled={!text}>
          Clear search
        </Button>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <LiveLogView
        filter={{ levels, source, text }}
        run={runId ? { runId, stored: runEntries } : undefined}
        follow={follow && !paused}
        selectedSeq={selected?.seq}
        onSelect={setSelected}
      />
      {selected && <EntryDetail entry={selected} onClose={() => setSelected(undefined)} />}
      <ExportBundleCard />
    </section>
  );
}
