import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { SaveRegular } from '@fluentui/react-icons';
import type { IntegrationView } from '../../../../shared/contract';
import { SecretsUnreadableNotice } from '../../components/SecretsUnreadableNotice';
import { formatClockTime, useConsoleTimeZone } from '../../format/dateTime';
import { useConsoleStore } from '../../state/consoleStore';
import { queryKeys } from '../../state/queryKeys';
import { useIntegrationView, useServerMutation } from '../../state/serverState';
import { ConnectionForm } from './ConnectionForm';
import { GuidedSetupPanel } from './GuidedSetupPanel';
import { CredentialsTestCard } from './CredentialsTestCard';
import { ImportExportCard } from './ImportExportCard';
import { MailServersCard } from './MailServersCard';
import { OrganisationModeCard } from './OrganisationModeCard';
import { PermissionsList } from './PermissionsList';
import { RedirectUriCard } from './RedirectUriCard';
import { SecretCard } from './SecretCard';
import { useIntegrationForm } from './useIntegrationForm';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(300px, 2fr)',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
    '@media (max-width: 1100px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  saveBar: {
    position: 'sticky',
    bottom: 0,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow8,
    zIndex: 1,
  },
  outcome: { flexGrow: 1, minWidth: 0 },
});

export function IntegrationPage() {
  const view = useIntegrationView();
  if (!view) return <Spinner label="Loading the integration settings…" />;
  return (
    <>
      <SecretsUnreadableNotice />
      <IntegrationEditor view={view} />
    </>
  );
}

function IntegrationEditor({ view }: { view: IntegrationView }) {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const cache = useQueryClient();
  const setIntegration = (next: IntegrationView) => cache.setQueryData(queryKeys.integration, next);
  const form = useIntegrationForm(client, view, setIntegration);
  const timeZone = useConsoleTimeZone();
  const setUnsavedChanges = useConsoleStore((state) => state.setUnsavedChanges);
  // Leaving the page (another page, a reload, closing the window) asks first while edits are unsaved.
  useEffect(() => {
    setUnsavedChanges(form.unsaved ? 'The integration settings on this page have changes that are not saved.' : undefined);
  }, [form.unsaved, setUnsavedChanges]);
  useEffect(() => () => setUnsavedChanges(undefined), [setUnsavedChanges]);

  const removal = useServerMutation((client) => client.call('integration.removeSecret'), {
    onSuccess: (next) => {
      setIntegration(next);
      form.update({ enabled: false });
    },
  });
  const removeSecret = () => removal.mutateAsync(undefined);
  const imported = (next: IntegrationView) => {
    setIntegration(next);
    form.reset(next);
  };

  return (
    <div className={styles.layout}>
      <form
        className={styles.column}
        aria-label="Integration settings"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void form.save();
        }}
      >
        <ConnectionForm form={form} />
        <OrganisationModeCard form={form} view={view} client={client} onChanged={setIntegration} />
        <SecretCard form={form} view={view} onRemove={() => void removeSecret()} />
        <RedirectUriCard form={form} />
        <PermissionsList form={form} />
        <MailServersCard form={form} />
        <div className={styles.saveBar}>
          <Button type="submit" appearance="primary" icon={form.saving ? <Spinner size="tiny" /> : <SaveRegular />} disabled={form.saving}>
            Save
          </Button>
          <div className={styles.outcome} aria-live="polite">
            {form.outcome?.kind === 'saved' && (
              <MessageBar intent="success">
                <MessageBarBody>Saved at {formatClockTime(form.outcome.at.toISOString(), timeZone)}.</MessageBarBody>
              </MessageBar>
            )}
            {form.outcome?.kind === 'failed' && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Not saved</MessageBarTitle>
                  {form.outcome.summary}
                </MessageBarBody>
              </MessageBar>
            )}
          </div>
        </div>
      </form>
      <div className={styles.column}>
        <GuidedSetupPanel client={client} view={view} config={form.config} />
        <CredentialsTestCard client={client} unsaved={form.unsaved} />
        <ImportExportCard client={client} onImported={imported} />
      </div>
    </div>
  );
}
