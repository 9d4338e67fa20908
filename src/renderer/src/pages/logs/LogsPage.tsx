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
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { logLevelSchema, type LogEntry, type LogLevel } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';
import { EntryDetail } from './EntryDetail';
import { ExportBundleCard } from './ExportBundleCard';
import { LogList } from './LogList';
import { LogSettingsBar } from './LogSettingsBar';
import { RunFilterBar } from './RunFilterBar';
import { matchesFilter, useLogView } from './logStore';

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
  const [runEntries, setRunEntries] = useState<LogEntry[]>([]);
  const { entries, held, paused, day, loading, error, start, setPaused, showDay } = useLogView();
  const [levels, setLevels] = useState<ReadonlySet<LogLevel>>(new Set(logLevelSchema.options));
  const [source, setSource] = useState('');
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(true);
  const [days, setDays] = useState<string[]>([]);
  const [selected, setSelected] = useState<LogEntry>();
  // Typing stays responsive: the 100,000-entry filter runs on the deferred text.
  const deferredText = useDeferredValue(text.trim().toLowerCase());

  useEffect(() => (client ? start(client) : undefined), [client, start]);
  useEffect(() => {
    client?.call('log.days').then((result) => setDays(result.days));
  }, [client]);

  // A run's lines are kept with the run in the job history, so even an old run shows complete.
  useEffect(() => {
    if (!client || !runId) return;
    client.call('jobs.runDetail', { runId }).then(
      (detail) => setRunEntries(detail.logLines),
      () => setRunEntries([]),
    );
  }, [client, runId]);
  const shown = useMemo(() => {
    if (!runId) return entries;
    const stored = new Set(runEntries.map((entry) => `${entry.time}|${entry.message}`));
    return [...runEntries, ...entries.filter((entry) => entry.runId === runId && !stored.has(`${entry.time}|${entry.message}`))];
  }, [entries, runEntries, runId]);

  const sources = useMemo(() => [...new Set(entries.map((entry) => entry.source))].sort(), [entries]);
  const visible = useMemo(() => {
    // With nothing to filter by, the view is the entries themselves: no 100,000-entry copy per batch.
    if (levels.size === logLevelSchema.options.length && !source && !deferredText) return shown;
    const filter = { levels, source, text: deferredText };
    return shown.filter((entry) => matchesFilter(entry, filter, deferredText));
  }, [shown, levels, source, deferredText]);

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
          {paused ? `Resume${held.length ? ` (${held.length} new)` : ''}` : 'Pause'}
        </ToggleButton>
        <ToggleButton icon={<ArrowDownRegular />} checked={follow} onClick={() => setFollow(!follow)}>
          Follow
        </ToggleButton>
        <Button appearance="subtle" onClick={() => setText('')} disabled={!text}>
          Clear search
        </Button>
      </div>
      {runId && <RunFilterBar runId={runId} count={shown.length} />}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <span role="status" aria-live="polite" data-testid="log-count">
        {loading ? 'Loading…' : `${visible.length.toLocaleString()} of ${shown.length.toLocaleString()} entries`}
      </span>
      <LogList entries={visible} query={deferredText} follow={follow && !paused} selectedSeq={selected?.seq} onSelect={setSelected} />
      {selected && <EntryDetail entry={selected} onClose={() => setSelected(undefined)} />}
      <ExportBundleCard />
    </section>
  );
}
