import { Body1, Caption1, Link, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkRegular, NavigationBriefcaseRegular, OpenRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import type { ConnectionSettings, IntegrationConfig, IntegrationView } from '../../../../shared/contract';
import { accountTypeLabels, graphResource } from '../../../../shared/integration/clouds';
import { requiredApplicationPermissions } from '../../../../shared/integration/organisationSetup';
import { requiredPermissions } from '../../../../shared/integration/permissions';
import { registeredRedirectUri } from '../../../../shared/integration/redirectAndConsent';
import type { ContractClient } from '../../client/contractClient';
import { AdminConsentStep } from './AdminConsentStep';
import { MailboxScopeStep } from './MailboxScopeStep';
import { SectionCard } from './SectionCard';

const useStyles = makeStyles({
  steps: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  step: { display: 'grid', gridTemplateColumns: '28px 1fr', columnGap: tokens.spacingHorizontalM },
  marker: {
    width: '28px',
    height: '28px',
    borderRadius: tokens.borderRadiusCircular,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    fontWeight: tokens.fontWeightSemibold,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground2,
  },
  done: {
    backgroundColor: tokens.colorPaletteGreenBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteGreenBorder2}`,
  },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  code: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

const portalByCloud = {
  global: 'https://entra.microsoft.com',
  usGov: 'https://portal.azure.us',
  usGovDoD: 'https://portal.azure.us',
  china: 'https://portal.azure.cn',
  custom: null,
} as const;

/** The two connection modes in a sentence each: which to choose when (README, "Connection modes"). */
function ModeChoice({ mode }: { mode: ConnectionSettings['mode'] }) {
  return (
    <Caption1 data-testid="guide-mode">
      {mode === 'application' ? (
        <>
          These are the steps of <strong>organisation-wide mode</strong>: the console signs in as itself with application permissions and
          syncs every chosen mailbox without anyone signing in. Choose it for a team or a whole organisation; it needs an administrator for
          admin consent and for Exchange Online.
        </>
      ) : (
        <>
          These are the steps of <strong>each user signs in</strong>: every user connects their own Outlook account once. Choose it for a
          few users, or when no administrator can grant application permissions. For many mailboxes choose organisation-wide mode under
          Connection mode.
        </>
      )}
    </Caption1>
  );
}

/**
 * The administrator's guide, with what is already done ticked off. It follows the connection mode
 * chosen on the page (saved or not): the credential, the permissions, admin consent and, in
 * organisation-wide mode, the Exchange Online commands that limit the app to chosen mailboxes.
 */
export function GuidedSetupPanel({
  client,
  view,
  config,
}: {
  client: ContractClient | undefined;
  view: IntegrationView;
  /** The settings as edited on the page: the steps follow their connection mode before it is saved. */
  config: Pick<IntegrationConfig, 'connection' | 'clientId' | 'features'>;
}) {
  const styles = useStyles();
  const organisation = config.connection.mode === 'application';
  const custom = view.config.cloud === 'custom' ? view.config.customCloud : undefined;
  const defaultScope =
    view.config.cloud !== 'custom' || custom?.graphHost ? `${graphResource(view.config.cloud, custom)}.default` : '{Graph}/.default';
  const portal = portalByCloud[view.config.cloud];
  const appRegistrations = portal && `${portal}/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`;
  const secretSet = view.secret.state === 'stored' || view.secret.state === 'memoryOnly';
  const certificateReady = view.appCertificate?.privateKey === 'stored' && view.appCertificate.expiry.state !== 'expired';
  const credentialReady = organisation && config.connection.credential === 'certificate' ? certificateReady : secretSet;
  const savedInThisMode =
    view.config.connection.mode === config.connection.mode && view.config.connection.credential === config.connection.credential;
  const consentForMode =
    Boolean(view.adminConsent?.granted) &&
    view.adminConsent?.clientId === view.config.clientId &&
    (view.adminConsent?.scopes.some((scope) => scope.endsWith('/.default')) ?? false) === organisation;
  const credentialStep =
    organisation && config.connection.credential === 'certificate'
      ? {
          title: 'Generate the certificate and upload it',
          done: certificateReady,
          body: (
            <Caption1>
              Under Connection mode press <strong>Generate certificate</strong>, then <strong>Download certificate (.cer)</strong>. In
              Entra: Certificates &amp; secrets → Certificates → Upload certificate → the .cer file → Add. Check that the thumbprint Entra
              shows is the one shown here. The private key never leaves this computer. The tick means generated: the console cannot see
              Entra; Diagnostics › App token and application permissions tells whether Entra accepts it.
            </Caption1>
          ),
        }
      : {
          title: 'Create a secret and paste its Value',
          done: secretSet,
          body: (
            <Caption1>
              Certificates & secrets → New client secret → expires in 24 months. Copy the <strong>Value</strong>, not the Secret ID, and
              record its expiry date.
              {organisation && ' Microsoft recommends a certificate over a secret for an app that signs in as itself.'}
            </Caption1>
          ),
        };
  const steps: { title: string; done: boolean; body: ReactNode }[] = [
    {
      title: 'Open App registrations',
      done: Boolean(view.config.clientId),
      body: appRegistrations ? (
        <Link href={appRegistrations} target="_blank" rel="noreferrer">
          Entra admin centre → App registrations <OpenRegular />
        </Link>
      ) : (
        <Caption1>Use your custom cloud’s portal or the emulator’s own set-up.</Caption1>
      ),
    },
    {
      title: 'Register the application',
      done: Boolean(view.config.clientId),
      body: (
        <Caption1>
          New registration. Supported account types:{' '}
          <strong>{organisation ? accountTypeLabels.singleTenant : accountTypeLabels[view.config.accountType]}</strong>. Redirect URI:
          platform <strong>Web</strong>, <span className={styles.code}>{registeredRedirectUri(view.config.redirectPort)}</span>
          {organisation ? ' (admin consent answers there).' : '.'}
        </Caption1>
      ),
    },
    {
      title: organisation ? 'Paste the Client ID and the tenant' : 'Paste the Client ID',
      done: Boolean(view.config.clientId) && (!organisation || Boolean(view.config.tenant)),
      body: organisation ? (
        <Caption1>
          Copy “Application (client) ID” and “Directory (tenant) ID” from Overview: an app signing in as itself always names its
          organisation.
        </Caption1>
      ) : (
        <Caption1>Copy “Application (client) ID” from Overview into Client ID.</Caption1>
      ),
    },
    credentialStep,
    {
      title: 'Save',
      done: credentialReady && view.config.enabled && savedInThisMode,
      body: <Caption1>Enable the integration and save. Save checks every field first.</Caption1>,
    },
    organisation
      ? {
          title: 'Add the application permissions',
          done: consentForMode,
          body: (
            <Caption1>
              API permissions → Add a permission → Microsoft Graph → <strong>Application permissions</strong>:{' '}
              {requiredApplicationPermissions(config.features).join(', ')}. Not delegated ones: nobody signs in.
            </Caption1>
          ),
        }
      : {
          title: 'Add the permissions',
          done: consentForMode,
          body: (
            <Caption1>
              API permissions → Add a permission → Microsoft Graph → Delegated: {requiredPermissions(config.features).join(', ')}.
            </Caption1>
          ),
        },
    {
      title: 'Grant admin consent',
      done: consentForMode,
      body: (
        <>
          {organisation && (
            <Caption1>
              Application permissions take effect only with admin consent. The link asks for{' '}
              <span className={styles.code}>{defaultScope}</span>: everything listed on the registration. Save the organisation-wide mode
              first, so the link asks for it.
            </Caption1>
          )}
          <AdminConsentStep client={client} view={view} />
        </>
      ),
    },
    ...(organisation
      ? [
          {
            title: 'Limit the app to chosen mailboxes',
            // The console cannot see Exchange's policy; the Accounts page's mailbox check shows its effect.
            done: false,
            body: <MailboxScopeStep config={config} />,
          },
        ]
      : []),
  ];
  return (
    <SectionCard
      labelId="guide-title"
      title="Guided set-up"
      icon={<NavigationBriefcaseRegular fontSize={20} />}
      description="Follow these in the Entra admin centre; the console ticks off what it can see is done."
    >
      <ModeChoice mode={config.connection.mode} />
      <ol className={styles.steps} aria-label={organisation ? 'Steps for organisation-wide mode' : 'Steps for each user signs in'}>
        {steps.map((step, index) => (
          <li key={step.title} className={styles.step} aria-label={`Step ${index + 1}: ${step.title}${step.done ? ' (done)' : ''}`}>
            <span className={mergeClasses(styles.marker, step.done && styles.done)} aria-hidden>
              {step.done ? <CheckmarkRegular /> : index + 1}
            </span>
            <span className={styles.content}>
              <Body1>
                <strong>{step.title}</strong>
              </Body1>
              {step.body}
            </span>
          </li>
        ))}
      </ol>
    </SectionCard>
  );
}
