import {
  Badge,
  Body1,
  Caption1,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { ConsoleStatus, IntegrationView, JobSummary } from '../../../../shared/contract';
import { SecretsUnreadableNotice } from '../../components/SecretsUnreadableNotice';
import { formatDateTime, formatPlainDate, useConsoleTimeZone } from '../../format/dateTime';
import { RouteLink } from '../../routing/RouteLink';
import type { Route } from '../../routing/routes';
import { useConsoleStatus, useIntegrationView } from '../../state/serverState';
import { RunStatusBadge } from '../jobs/RunStatusBadge';
import { RunCharts } from './RunCharts';
import { useOverviewData, type OverviewData } from './useOverviewData';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: tokens.spacingHorizontalL },
  tile: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  lines: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0, listStyleType: 'none' },
  line: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap', overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The landing page: is everything healthy, and where to go when it is not. */
export function OverviewPage() {
  const styles = useStyles();
  const status = useConsoleStatus();
  const integration = useIntegrationView();
  const data = useOverviewData();
  return (
    <section className={styles.page} aria-label="Overview">
      <SecretsUnreadableNotice />
      {data.problems.map((problem) => (
        <MessageBar key={problem} intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      ))}
      <div className={styles.tiles}>
        <IntegrationTile integration={integration} />
        <SecretTile integration={integration} />
        <AccountsTile data={data} status={status} />
        <ScheduleTile jobs={data.jobs} />
        <DiagnosticsTile data={data} />
      </div>
      <RunCharts jobs={data.jobs} />
    </section>
  );
}

function Tile({ title, to, linkText, children }: { title: string; to: Route; linkText: string; children: ReactNode }) {
  const styles = useStyles();
  const id = `overview-${to.page}-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Card className={styles.tile} aria-labelledby={id} data-testid="overview-tile">
      <CardHeader
        header={
          <Subtitle2 as="h2" id={id}>
            {title}
          </Subtitle2>
        }
      />
      {children}
      <RouteLink to={to}>{linkText}</RouteLink>
    </Card>
  );
}

function IntegrationTile({ integration }: { integration?: IntegrationView }) {
  const styles = useStyles();
  const config = integration?.config;
  const ready = Boolean(config?.clientId) && integration?.secret.state === 'stored';
  return (
    <Tile title="Integration" to={{ page: 'integration' }} linkText="Open the Integration page">
      {!integration ? (
        <Caption1 className={styles.muted}>Reading…</Caption1>
      ) : (
        <ul className={styles.lines}>
          <li className={styles.line}>
            <Badge appearance="filled" color={config?.enabled ? 'success' : 'warning'}>
              {config?.enabled ? 'Enabled' : 'Disabled'}
            </Badge>
            <Body1>{config?.enabled ? 'Calendars and contacts sync on schedule.' : 'Nothing syncs until it is enabled.'}</Body1>
          </li>
          <li className={styles.line}>
            <Body1>
              {ready
                ? `Client ID and secret are set; tenant ${config?.tenant || 'common'}.`
                : 'Not set up yet: enter the Client ID and the client secret’s value.'}
            </Body1>
          </li>
        </ul>
      )}
    </Tile>
  );
}

function SecretTile({ integration }: { integration?: IntegrationView }) {
  const secret = integration?.secret;
  const expiry = secret?.expiry;
  const words = !secret
    ? 'Reading…'
    : secret.state === 'notSet'
      ? 'No client secret is set.'
      : secret.state === 'unreadable'
        ? 'The stored secret cannot be read with this console’s key: enter it again.'
        : secret.state === 'lostAtRestart'
          ? 'The secret was kept in memory only and is gone since the restart: enter it again.'
          : !expiry
            ? 'Set; no expiry date recorded.'
            : expiry.state === 'expired'
              ? `Expired on ${formatPlainDate(expiry.expiresOn)}: sign-ins and syncs fail until a new secret is entered.`
              : `Expires on ${formatPlainDate(expiry.expiresOn)}, in ${expiry.daysLeft} day${expiry.daysLeft === 1 ? '' : 's'}.`;
  const color =
    expiry?.state === 'expired' || secret?.state === 'unreadable' ? 'danger' : expiry?.state === 'reminder' ? 'warning' : 'success';
  return (
    <Tile title="Client secret" to={{ page: 'integration' }} linkText="Renew or replace the secret">
      <div>
        {secret && secret.state !== 'notSet' && (
          <Badge appearance="tint" color={color}>
            {expiry?.state === 'reminder' ? 'Renew soon' : color === 'danger' ? 'Action needed' : 'Valid'}
          </Badge>
        )}
      </div>
      <Body1 data-testid="overview-secret">{words}</Body1>
    </Tile>
  );
}

function AccountsTile({ data, status }: { data: OverviewData; status?: ConsoleStatus }) {
  const styles = useStyles();
  const rows = data.accounts?.rows ?? [];
  const connected = rows.filter((row) => row.account?.status === 'connected').length;
  const needReconnect = status?.accountsNeedingReconnect ?? [];
  const notConnected = rows.filter((row) => !row.accessProblem && (!row.account || row.account.status === 'disconnected')).length;
  return (
    <Tile title="Outlook accounts" to={{ page: 'accounts' }} linkText="Open the Accounts page">
      {!data.accounts ? (
        <Caption1 className={styles.muted}>Reading…</Caption1>
      ) : (
        <ul className={styles.lines} data-testid="overview-accounts">
          <li>
            <Body1>
              {connected} connected, {notConnected} with access but not connected.
            </Body1>
          </li>
          <li>
            <Body1>
              {needReconnect.length === 0
                ? 'None needs to sign in again.'
                : `${needReconnect.length} need${needReconnect.length === 1 ? 's' : ''} to sign in again: ${needReconnect.map((account) => account.userName).join(', ')}.`}
            </Body1>
          </li>
        </ul>
      )}
    </Tile>
  );
}

function ScheduleTile({ jobs }: { jobs?: JobSummary[] }) {
  const styles = useStyles();
  const timeZone = useConsoleTimeZone();
  const time = (iso: string) => formatDateTime(iso, timeZone);
  return (
    <Tile title="Schedule and last runs" to={{ page: 'jobs' }} linkText="Open Scheduled jobs">
      {!jobs ? (
        <Caption1 className={styles.muted}>Reading…</Caption1>
      ) : (
        <ul className={styles.lines} data-testid="overview-jobs">
          {jobs.map((job) => (
            <li key={job.id} className={styles.line}>
              <Body1>
                <strong>{job.name}</strong>:{' '}
                {job.onDemand
                  ? 'runs when started on its page'
                  : job.active
                    ? job.nextRunAt
                      ? `next at ${time(job.nextRunAt)}`
                      : 'no next run'
                    : 'paused'}
                .
              </Body1>
              {job.running ? (
                <RouteLink to={{ page: 'jobs', runId: job.running.id }}>running now</RouteLink>
              ) : job.lastRun ? (
                <RouteLink to={{ page: 'jobs', runId: job.lastRun.id }} aria-label={`${job.name}: last run ${time(job.lastRun.startedAt)}`}>
                  <RunStatusBadge status={job.lastRun.status} /> {time(job.lastRun.startedAt)}
                </RouteLink>
              ) : (
                <Caption1 className={styles.muted}>no run yet</Caption1>
              )}
            </li>
          ))}
          <li>
            <Caption1 className={styles.muted} data-testid="overview-time-zone">
              Times in {timeZone}.
            </Caption1>
          </li>
        </ul>
      )}
    </Tile>
  );
}

function DiagnosticsTile({ data }: { data: OverviewData }) {
  const styles = useStyles();
  const results = data.diagnostics?.results ?? [];
  const open = results.filter((result) => result.status === 'fail' || result.status === 'warn');
  return (
    <Tile title="Diagnostics" to={{ page: 'diagnostics' }} linkText="Open Diagnostics">
      {!data.diagnostics ? (
        <Caption1 className={styles.muted}>Reading…</Caption1>
      ) : results.length === 0 ? (
        <Body1>Not checked yet: run the checks on the Diagnostics page.</Body1>
      ) : open.length === 0 ? (
        <Body1 data-testid="overview-diagnostics">All {results.length} checks passed or did not apply.</Body1>
      ) : (
        <ul className={styles.lines} data-testid="overview-diagnostics">
          {open.slice(0, 4).map((result) => (
            <li key={result.id} className={styles.line}>
              <Badge appearance="tint" color={result.status === 'fail' ? 'danger' : 'warning'}>
                {result.status === 'fail' ? 'Problem' : 'Warning'}
              </Badge>
              <Body1>{result.title}</Body1>
            </li>
          ))}
          {open.length > 4 && <Caption1>and {open.length - 4} more.</Caption1>}
        </ul>
      )}
    </Tile>
  );
}
