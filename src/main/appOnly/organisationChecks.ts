/**
 * Diagnostics for organisation-wide mode (issue 18): the app token, the application permissions
 * it carries, the certificate's expiry (the secret's reminder thresholds) and, for a sample of
 * users, whether their mailbox can be reached. Each skips in the per-user mode.
 */
import { decodeJwt } from 'jose';
import { requiredApplicationPermissions } from '../../shared/integration/organisationSetup';
import type { CheckOutcome, DiagnosticCheck } from '../contract/featureModule';
import type { IntegrationService } from '../integration/integrationService';
import type { OrganisationMode } from './organisationFeature';

const category = 'Organisation-wide mode';
const sampleSize = 5;
const skipped: CheckOutcome = { status: 'skipped', summary: 'Each user signs in (delegated mode): not used.' };

export function organisationChecks(organisation: OrganisationMode, integration: IntegrationService): DiagnosticCheck[] {
  const inMode = (run: () => Promise<CheckOutcome> | CheckOutcome) => () => (organisation.isActive() ? run() : skipped);
  return [
    {
      id: 'organisation.certificate',
      title: 'Certificate expiry',
      category,
      run: inMode(() => {
        if (integration.config().connection.credential !== 'certificate')
          return { status: 'skipped', summary: 'The client secret is used: its expiry is checked with the integration.' };
        const certificate = integration.view().appCertificate;
        if (!certificate)
          return {
            status: 'fail',
            summary: 'No certificate has been generated.',
            fix: 'Generate it on the Integration page and upload it to Entra.',
          };
        if (certificate.privateKey !== 'stored')
          return {
            status: 'fail',
            summary: 'The certificate’s private key is not in the vault.',
            fix: 'Generate a new certificate and upload it to Entra.',
          };
        if (certificate.expiry.state === 'expired')
          return {
            status: 'fail',
            summary: `The certificate expired on ${certificate.notAfter.slice(0, 10)}.`,
            fix: 'Generate a new certificate and upload it to Entra.',
          };
        if (certificate.expiry.state === 'reminder')
          return {
            status: 'warn',
            summary: `The certificate expires in ${certificate.expiry.daysLeft} days (${certificate.notAfter.slice(0, 10)}).`,
            fix: 'Generate a new certificate now and upload it to Entra before the old one expires.',
          };
        return { status: 'pass', summary: `The certificate is valid until ${certificate.notAfter.slice(0, 10)}.` };
      }),
    },
    {
      id: 'organisation.token',
      title: 'App token and application permissions',
      category,
      run: inMode(async () => {
        let token: string;
        try {
          token = await organisation.tokens.accessToken({ forceRefresh: true });
        } catch (error) {
          return { status: 'fail', summary: (error as Error).message };
        }
        const roles = new Set(((decodeJwt(token).roles as string[] | undefined) ?? []).map(String));
        const missing = requiredApplicationPermissions(integration.config().features).filter((name) => !roles.has(name));
        if (missing.length === 0) return { status: 'pass', summary: `Microsoft issued an app token with ${[...roles].join(', ')}.` };
        // With RBAC for Applications, Exchange grants Calendars and Contacts itself and Entra must not:
        // only User.Read.All is then sure to be missing; the mailbox check below shows whether Exchange grants the rest.
        if (!missing.includes('User.Read.All'))
          return {
            status: 'warn',
            summary: `The app token lacks the application permissions ${missing.join(', ')}: the sync works only if Exchange Online’s RBAC for Applications grants them.`,
            fix: 'Without RBAC for Applications, add them under API permissions › Application permissions and grant admin consent (Integration page, guided set-up). With it, check the sample mailboxes below (Test-ServicePrincipalAuthorization in Exchange Online PowerShell).',
          };
        return {
          status: 'fail',
          summary: `The app token lacks the application permissions ${missing.join(', ')} (admin consent not granted for them).`,
          fix: 'Add them under API permissions › Application permissions and grant admin consent (Integration page, guided set-up). With RBAC for Applications, Calendars and Contacts come from Exchange instead: then only User.Read.All must be here.',
        };
      }),
    },
    {
      id: 'organisation.mailboxes',
      title: 'Sample mailboxes reachable',
      category,
      run: inMode(async () => {
        const rows = organisation.mailboxList().rows.slice(0, sampleSize);
        if (rows.length === 0) return { status: 'skipped', summary: 'No user has Outlook Calendar or Outlook Contacts access yet.' };
        const checks = await Promise.all(rows.map(async (row) => ({ row, check: await organisation.mailboxes.check(row.user.id) })));
        const bad = checks.filter(({ check }) => check.state !== 'found');
        if (bad.length === 0)
          return { status: 'pass', summary: `The mailboxes of ${rows.map((row) => row.user.name).join(', ')} are reachable.` };
        return {
          status: 'fail',
          summary: bad.map(({ row, check }) => `${row.user.name}: ${check.explanation}`).join(' '),
          fix:
            bad
              .map(({ check }) => check.fix)
              .filter(Boolean)
              .join(' ') || undefined,
        };
      }),
    },
  ];
}
