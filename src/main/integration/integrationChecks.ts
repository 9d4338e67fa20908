import { createServer } from 'node:net';
import { describeSecretExpiry } from '../../shared/integration/secretExpiry';
import { isGuid } from '../../shared/integration/secretChecks';
import { scopeStrings } from '../../shared/integration/permissions';
import type { DiagnosticCheck } from '../contract/featureModule';
import type { IntegrationService } from './integrationService';

const category = 'Integration';
const page = 'on the Integration page';

/** The guide's set-up steps, each checked from what the console knows without signing anyone in. */
export function integrationChecks(
  integration: IntegrationService,
  canBind: (port: number) => Promise<boolean> = portIsFree,
): DiagnosticCheck[] {
  return [
    {
      id: 'integration.enabled',
      title: 'Integration enabled',
      category,
      run: () =>
        integration.isEnabled()
          ? { status: 'pass', summary: 'The Outlook integration is switched on.' }
          : {
              status: 'fail',
              summary: 'The Outlook integration is switched off: nobody can connect an account and nothing syncs.',
              fix: `Switch on Enabled ${page} and save.`,
            },
    },
    {
      id: 'integration.clientId',
      title: 'Client ID',
      category,
      run: () => {
        const { clientId } = integration.config();
        if (!clientId)
          return {
            status: 'fail',
            summary: 'No Client ID is set.',
            fix: `Copy "Application (client) ID" from the app registration's Overview page into Client ID ${page}.`,
          };
        return isGuid(clientId)
          ? { status: 'pass', summary: `The Client ID ${clientId} has the right form (a GUID).` }
          : {
              status: 'fail',
              summary: `The Client ID "${clientId}" is not a GUID.`,
              fix: `Copy "Application (client) ID" (not the object ID or the name) into Client ID ${page}.`,
            };
      },
    },
    {
      id: 'integration.secret',
      title: 'Client secret',
      category,
      run: () => {
        const { secret } = integration.settings();
        if (!secret.setAt)
          return {
            status: 'fail',
            summary: 'No client secret is set.',
            fix: `Create a secret under Certificates & secrets in the Entra admin centre and paste its Value ${page}.`,
          };
        const expiry = integration.secretExpiry();
        if (!expiry)
          return {
            status: 'warn',
            summary: 'The client secret is set, but its expiry date is not recorded.',
            fix: `Enter the expiry date shown in the Entra admin centre ${page}, so the console can remind you in time.`,
          };
        if (expiry.state === 'expired')
          return {
            status: 'fail',
            summary: describeSecretExpiry(expiry),
            fix: `Create a new secret in the Entra admin centre and paste its Value ${page}.`,
          };
        if (expiry.state === 'reminder')
          return {
            status: 'warn',
            summary: describeSecretExpiry(expiry),
            fix: `Create a new secret before ${expiry.expiresOn} and paste its Value ${page}.`,
          };
        return {
          status: 'pass',
          summary: `The client secret is set and valid for ${expiry.daysLeft} more days (until ${expiry.expiresOn}).`,
        };
      },
    },
    {
      id: 'integration.redirect',
      title: 'Redirect URI port',
      category,
      run: async () => {
        const { redirectPort } = integration.config();
        if (redirectPort === null) {
          return {
            status: 'pass',
            summary:
              'A free port is chosen for each sign-in; Entra ignores the port of http://localhost/oauth/callback, so nothing else needs registering.',
          };
        }
        return (await canBind(redirectPort))
          ? {
              status: 'pass',
              summary: `The fixed redirect port ${redirectPort} is free on 127.0.0.1; register http://localhost:${redirectPort}/oauth/callback (platform Web).`,
            }
          : {
              status: 'fail',
              summary: `The fixed redirect port ${redirectPort} is in use by another program, so sign-ins cannot receive their answer.`,
              fix: `Stop the program using port ${redirectPort}, or clear the fixed port ${page} to use a free port for each sign-in.`,
            };
      },
    },
    {
      id: 'integration.consent',
      title: 'Admin consent',
      category,
      run: () => {
        const { adminConsent, clientId, features, cloud, customCloud } = integration.settings();
        if (!adminConsent)
          return {
            status: 'warn',
            summary: 'Admin consent has not been granted from this console.',
            fix: `Click Grant admin consent ${page} (needed for Office 365 organisations; personal Outlook accounts usually work without).`,
          };
        if (!adminConsent.granted) {
          return {
            status: 'fail',
            summary: `Admin consent was refused: ${adminConsent.description ?? adminConsent.error ?? 'no reason given'}.`,
            fix: `Sign in as a Global or Privileged Role Administrator and click Grant admin consent ${page} again.`,
          };
        }
        const wanted = scopeStrings(features, cloud, customCloud);
        const missing = wanted.filter((scope) => !adminConsent.scopes.includes(scope));
        if (adminConsent.clientId !== clientId || missing.length > 0) {
          return {
            status: 'warn',
            summary:
              adminConsent.clientId !== clientId
                ? 'Admin consent was granted for a different Client ID.'
                : `Admin consent does not cover ${missing.join(', ')}.`,
            fix: `Add the permissions in the Entra admin centre, then click Grant admin consent ${page} again.`,
          };
        }
        return { status: 'pass', summary: `Admin consent was granted on ${adminConsent.at.slice(0, 10)} for the permissions in use.` };
      },
    },
  ];
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
