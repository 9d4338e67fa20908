import { Button, Caption1, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldCheckmarkRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { IntegrationView } from '../../../../shared/contract';
import { adminConsentScopes } from '../../../../shared/integration/organisationSetup';
import type { ContractClient } from '../../client/contractClient';
import { RemoteUseHint } from '../../components/RemoteUseHint';
import { CopyButton } from '../../components/CopyButton';
import { formatDateTime, useConsoleTimeZone } from '../../format/dateTime';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  url: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalXS,
    width: '100%',
    boxSizing: 'border-box',
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
  urlText: { flexGrow: 1, overflowWrap: 'anywhere', userSelect: 'all' },
});

type Started = { url: string; opened: boolean; note: string | null };

/** Grant admin consent: opens Entra's v2.0 admin consent page; its answer comes back on the loopback redirect. */
export function AdminConsentStep({ client, view }: { client: ContractClient | undefined; view: IntegrationView }) {
  const styles = useStyles();
  const [started, setStarted] = useState<Started>();
  // A refusal speaks of the settings as they were when it came: a later save (a new view) hides it.
  const [refusal, setRefusal] = useState<{ text: string; view: IntegrationView }>();
  const error = refusal?.view === view ? refusal.text : undefined;
  const [busy, setBusy] = useState(false);
  const consent = view.adminConsent;
  const timeZone = useConsoleTimeZone();
  const custom = view.config.cloud === 'custom' ? view.config.customCloud : undefined;
  const currentScopes = view.config.cloud !== 'custom' || custom?.graphHost ? adminConsentScopes(view.config, custom) : [];
  const outdated = consent?.granted && (consent.clientId !== view.config.clientId || consent.scopes.join(' ') !== currentScopes.join(' '));

  const start = async () => {
    if (!client) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      setStarted(await client.call('integration.startConsent'));
    } catch (caught) {
      // Shown away from the form, so the refusal's own words (each names what to save), not "see under each field".
      setRefusal({ text: (caught as Error).message, view });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={styles.box}>
      <Button
        appearance="primary"
        icon={busy ? <Spinner size="tiny" /> : <ShieldCheckmarkRegular />}
        disabled={busy || view.config.accountType === 'personal'}
        onClick={() => void start()}
      >
        Grant admin consent
      </Button>
      {view.config.accountType === 'personal' && (
        <Caption1>Apps for personal accounts only have no organisation administrator: nothing to consent.</Caption1>
      )}
      {error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {started && (
        <>
          <Caption1>
            {started.opened ? 'Opened in your browser. Sign in as an administrator and accept; the result appears here.' : started.note}
          </Caption1>
          <div className={styles.url}>
            <span className={styles.urlText} data-testid="consent-url">
              {started.url}
            </span>
            <CopyButton value={started.url} label="Copy the admin consent link" />
          </div>
          <RemoteUseHint redirectPort={view.config.redirectPort} />
        </>
      )}
      {consent && (
        <MessageBar layout="multiline" intent={!consent.granted ? 'error' : outdated ? 'warning' : 'success'} data-testid="consent-result">
          <MessageBarBody>
            {consent.granted
              ? `Admin consent granted on ${formatDateTime(consent.at, timeZone, { label: true })}.${outdated ? ' The Client ID or permissions changed since: grant it again.' : ''}`
              : `Admin consent was not granted (${formatDateTime(consent.at, timeZone, { label: true })}): ${consent.error ?? 'no reason given'}${consent.description ? ` — ${consent.description}` : ''}.`}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
