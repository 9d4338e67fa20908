import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircleFilled, CopyRegular, DismissCircleFilled, PlayRegular, WarningFilled, CircleRegular } from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CheckResult, CheckStatus, DiagnosticsReport } from '../../../../shared/contract';
import { ExplainErrorForm } from '../../components/ExplainErrorForm';
import { SecretsUnreadableNotice } from '../../components/SecretsUnreadableNotice';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  check: { display: 'grid', gridTemplateColumns: '28px 1fr auto', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  text: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  skipped: { color: tokens.colorNeutralForeground3 },
  category: { marginTop: tokens.spacingVerticalM },
});

const words: Record<CheckStatus, string> = { pass: 'OK', warn: 'Attention', fail: 'Problem', skipped: 'Skipped' };
const badgeColor = { pass: 'success', warn: 'warning', fail: 'danger', skipped: 'informative' } as const;

function StatusIcon({ status }: { status?: CheckStatus }) {
  const styles = useStyles();
  if (status === 'pass') return <CheckmarkCircleFilled className={styles.pass} fontSize={24} aria-hidden />;
  if (status === 'warn') return <WarningFilled className={styles.warn} fontSize={24} aria-hidden />;
  if (status === 'fail') return <DismissCircleFilled className={styles.fail} fontSize={24} aria-hidden />;
  return <CircleRegular className={styles.skipped} fontSize={24} aria-hidden />;
}

export function reportAsText(report: DiagnosticsReport): string {
  return report.results
    .map(
      (result) =>
        `[${words[result.status]}] ${result.category} / ${result.title}: ${result.summary}${result.fix ? `\n    Fix: ${result.fix}` : ''}`,
    )
    .join('\n');
}

/** One line per cause the guide knows: green, amber or red, with the fix in plain words. */
export function DiagnosticsPage() {
  const styles = useStyles();
  const cache = useQueryClient();
  const lastResults = useServerQuery(queryKeys.diagnostics, (client) => client.call('diagnostics.get'));
  // A run answers with the whole report: it becomes the cached last results without another read.
  const run = useServerMutation((client) => client.call('diagnostics.run', {}), {
    onSuccess: (report) => cache.setQueryData(queryKeys.diagnostics, report),
  });
  const [copied, setCopied] = useState(false);
  const report = lastResults.data;
  const running = run.isPending;
  const error = run.error
    ? `The checks could not run: ${run.error.message}`
    : lastResults.error
      ? `The last results could not be read: ${lastResults.error.message}`
      : undefined;

  const runAll = () => {
    setCopied(false);
    run.mutate(undefined);
  };

  const resultOf = (id: string): CheckResult | undefined => report?.results.find((result) => result.id === id);
  const categories = [...new Set(report?.checks.map((check) => check.category) ?? [])];
  const problems = report?.results.filter((result) => result.status === 'fail').length ?? 0;
  const warnings = report?.results.filter((result) => result.status === 'warn').length ?? 0;

  return (
    <section className={styles.page} aria-label="Diagnostics">
      <SecretsUnreadableNotice />
      <div className={styles.actions}>
        <Button
          appearance="primary"
          icon={running ? <Spinner size="tiny" /> : <PlayRegular />}
          disabled={running || !report}
          onClick={runAll}
        >
          {running ? 'Running checks…' : 'Run all checks'}
        </Button>
        <Button
          icon={<CopyRegular />}
          disabled={!report?.results.length}
          onClick={() => report && void navigator.clipboard.writeText(reportAsText(report)).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy report'}
        </Button>
        <span role="status" aria-live="polite">
          {report?.results.length
            ? `${problems} problem${problems === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`
            : 'The checks have not run yet.'}
        </span>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {categories.map((category) => (
        <div key={category}>
          <Subtitle2 as="h2" className={styles.category}>
            {category}
          </Subtitle2>
          {report!.checks
            .filter((check) => check.category === category)
            .map((check) => {
              const result = resultOf(check.id);
              return (
                <Card key={check.id} appearance="subtle" data-testid={`check-${check.id}`} aria-label={check.title}>
                  <div className={styles.check}>
                    <StatusIcon status={result?.status} />
                    <div className={styles.text}>
                      <Body1>
                        <strong>{check.title}</strong>
                      </Body1>
                      <Body1>{result?.summary ?? 'Not checked yet.'}</Body1>
                      {result?.fix && <Caption1>Fix: {result.fix}</Caption1>}
                    </div>
                    {result && <Badge color={badgeColor[result.status]}>{words[result.status]}</Badge>}
                  </div>
                </Card>
              );
            })}
        </div>
      ))}
      <div>
        <Subtitle2 as="h2" className={styles.category}>
          Explain an error
        </Subtitle2>
        <Card appearance="subtle">
          <Caption1>
            Microsoft shows some sign-in errors on its own page and never returns to the console. Paste what it said (or an error from the
            log) to read what it means and the fix.
          </Caption1>
          <ExplainErrorForm />
        </Card>
      </div>
    </section>
  );
}
