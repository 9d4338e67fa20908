import { Body1, Caption1, Link, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkRegular, NavigationBriefcaseRegular, OpenRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import type { IntegrationView } from '../../../../shared/contract';
import { accountTypeLabels } from '../../../../shared/integration/clouds';
import { requiredPermissions } from '../../../../shared/integration/permissions';
import { registeredRedirectUri } from '../../../../shared/integration/redirectAndConsent';
import type { ContractClient } from '../../client/contractClient';
import { AdminConsentStep } from './AdminConsentStep';
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

/** The administrator's guide, steps 1–6, with what is already done ticked off. */
export function GuidedSetupPanel({ client, view }: { client: ContractClient | undefined; view: IntegrationView }) {
  const styles = useStyles();
  const portal = portalByCloud[view.config.cloud];
  const appRegistrations = portal && `${portal}/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`;
  const secretSet = view.secret.state === 'stored' || view.secret.state === 'memoryOnly';
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
          New registration. Supported account types: <strong>{accountTypeLabels[view.config.accountType]}</strong>. Redirect URI: platform{' '}
          <strong>Web</strong>, <span className={styles.code}>{registeredRedirectUri(view.config.redirectPort)}</span>.
        </Caption1>
      ),
    },
    {
      title: 'Paste the Client ID',
      done: Boolean(view.config.clientId),
      body: <Caption1>Copy “Application (client) ID” from Overview into Client ID.</Caption1>,
    },
    {
      title: 'Create a secret and paste its Value',
      done: secretSet,
      body: (
        <Caption1>
          Certificates & secrets → New client secret → expires in 24 months. Copy the <strong>Value</strong>, not the Secret ID, and record
          its expiry date.
        </Caption1>
      ),
    },
    {
      title: 'Save',
      done: secretSet && view.config.enabled,
      body: <Caption1>Enable the integration and save. Save checks every field first.</Caption1>,
    },
    {
      title: 'Add the permissions',
      done: Boolean(view.adminConsent?.granted),
      body: (
        <Caption1>
          API permissions → Add a permission → Microsoft Graph → Delegated: {requiredPermissions(view.config.features).join(', ')}.
        </Caption1>
      ),
    },
    { title: 'Grant admin consent', done: Boolean(view.adminConsent?.granted), body: <AdminConsentStep client={client} view={view} /> },
  ];
  return (
    <SectionCard
      labelId="guide-title"
      title="Guided set-up"
      icon={<NavigationBriefcaseRegular fontSize={20} />}
      description="Follow these in the Entra admin centre; the console ticks off what it can see is done."
    >
      <ol className={styles.steps}>
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
