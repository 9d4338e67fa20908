import { useState } from 'react';
import {
  Badge,
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, BuildingMultipleRegular, CertificateRegular } from '@fluentui/react-icons';
import type { IntegrationView } from '../../../../shared/contract';
import { applicationPermissionCatalogue } from '../../../../shared/integration/organisationSetup';
import type { ContractClient } from '../../client/contractClient';
import { fieldErrorsFrom } from './fieldErrors';
import { SectionCard } from './SectionCard';
import type { IntegrationForm } from './useIntegrationForm';

const useStyles = makeStyles({
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/**
 * Issue 18: how the console reaches mailboxes — each user signs in, or organisation-wide with
 * application permissions — and, in organisation mode, its certificate, the application
 * permissions and the Exchange Online commands that limit the app to chosen mailboxes.
 */
export function OrganisationModeCard({
  form,
  view,
  client,
  onChanged,
}: {
  form: IntegrationForm;
  view: IntegrationView;
  client: ContractClient | undefined;
  onChanged: (view: IntegrationView) => void;
}) {
  const { config, update } = form;
  const organisation = config.connection.mode === 'application';
  return (
    <SectionCard
      labelId="connection-mode-title"
      title="Connection mode"
      icon={<BuildingMultipleRegular fontSize={20} />}
      description="Who signs in to Microsoft 365 for the calendar sync and the contacts push."
    >
      <RadioGroup
        aria-label="Connection mode"
        value={config.connection.mode}
        onChange={(_event, data) => update({ connection: { ...config.connection, mode: data.value as 'delegated' | 'application' } })}
      >
        <Radio value="delegated" label="Each user signs in (delegated permissions): for a few users, each connecting their own account." />
        <Radio
          value="application"
          label="Organisation-wide (application permissions): the console signs in as itself and syncs the chosen mailboxes; nobody signs in."
        />
      </RadioGroup>
      {organisation && (
        <>
          <Field label="The console proves who it is with" hint="Microsoft recommends a certificate over a client secret.">
            <RadioGroup
              layout="horizontal"
              value={config.connection.credential}
              onChange={(_event, data) =>
                update({ connection: { ...config.connection, credential: data.value as 'certificate' | 'secret' } })
              }
            >
              <Radio value="certificate" label="A certificate (recommended)" />
              <Radio value="secret" label="The client secret" />
            </RadioGroup>
          </Field>
          {config.connection.credential === 'certificate' && <CertificateBlock view={view} client={client} onChanged={onChanged} />}
          <ApplicationPermissions form={form} />
        </>
      )}
    </SectionCard>
  );
}

function CertificateBlock({
  view,
  client,
  onChanged,
}: {
  view: IntegrationView;
  client: ContractClient | undefined;
  onChanged: (view: IntegrationView) => void;
}) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const certificate = view.appCertificate;
  const generate = async () => {
    if (!client) return;
    setBusy(true);
    try {
      onChanged(await client.call('integration.generateCertificate'));
      setProblem(undefined);
    } catch (error) {
      setProblem(fieldErrorsFrom(error).summary);
    } finally {
      setBusy(false);
    }
  };
  const download = async () => {
    if (!client) return;
    const { fileName, pem } = await client.call('integration.certificateFile');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([pem], { type: 'application/x-x509-ca-cert' }));
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <div className={styles.block} role="group" aria-label="Certificate">
      <Text weight="semibold">
        <CertificateRegular /> Certificate
      </Text>
      {certificate ? (
        <>
          <div className={styles.row}>
            <Badge color={certificate.expiry.state === 'ok' ? 'success' : certificate.expiry.state === 'reminder' ? 'warning' : 'danger'}>
              {certificate.expiry.state === 'expired' ? 'Expired' : `Valid until ${certificate.notAfter.slice(0, 10)}`}
            </Badge>
            {certificate.privateKey !== 'stored' && (
              <Badge color="danger">{certificate.privateKey === 'missing' ? 'Private key missing' : 'Private key unreadable'}</Badge>
            )}
            <Caption1>{certificateExpiryText(certificate.expiry)}</Caption1>
          </div>
          <Caption1>
            Thumbprint (as Entra shows it):{' '}
            <span className={styles.mono} data-testid="certificate-thumbprint">
              {certificate.thumbprintSha1}
            </span>
          </Caption1>
        </>
      ) : (
        <Caption1>
          No certificate yet. The console makes a key pair; the private key stays in its vault and never leaves this computer.
        </Caption1>
      )}
      <div className={styles.row}>
        <Button icon={busy ? <Spinner size="tiny" /> : <CertificateRegular />} disabled={busy} onClick={() => void generate()}>
          {certificate ? 'Generate a new certificate' : 'Generate certificate'}
        </Button>
        <Button icon={<ArrowDownloadRegular />} disabled={!certificate} onClick={() => void download()}>
          Download certificate (.cer)
        </Button>
      </div>
      <Caption1>
        Upload the .cer file in Entra: App registrations › the app › Certificates &amp; secrets › Certificates › Upload certificate. A new
        certificate replaces this one here: upload it too before the old one expires.
      </Caption1>
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

/** The secret's reminder thresholds apply to the certificate too; the words are the certificate's. */
function certificateExpiryText(expiry: { state: 'ok' | 'reminder' | 'expired'; daysLeft: number }): string {
  if (expiry.state === 'expired') return 'Expired: organisation-wide sign-in fails. Generate a new certificate and upload it to Entra.';
  if (expiry.state === 'reminder') return `Expires in ${expiry.daysLeft} days: generate a new certificate and upload it before then.`;
  return `${expiry.daysLeft} days left.`;
}

function ApplicationPermissions({ form }: { form: IntegrationForm }) {
  const styles = useStyles();
  const { features } = form.config;
  return (
    <div className={styles.block} role="group" aria-label="Application permissions">
      <Text weight="semibold">Microsoft Graph → Application permissions (admin consent required)</Text>
      <ul className={styles.list} aria-label="Application permissions list">
        {applicationPermissionCatalogue
          .filter((permission) => permission.feature === null || features[permission.feature] === true)
          .map((permission) => (
            <li key={permission.name}>
              <strong>{permission.name}</strong> — <Caption1>{permission.purpose}</Caption1>
            </li>
          ))}
      </ul>
      <Caption1>
        Grant admin consent with the button in the guided set-up: in this mode it asks for the app’s configured permissions (
        <span className={styles.mono}>/.default</span>), application permissions included.
      </Caption1>
    </div>
  );
}
