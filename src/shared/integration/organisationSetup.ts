/**
 * Organisation-wide mode (issue 18): the application permissions it needs and the Exchange Online
 * PowerShell that limits the app to chosen mailboxes, filled with the app's ids. Shared so the
 * Integration page shows exactly what the guide and the tests expect.
 */
import { graphResource, type CloudId, type CustomCloudHosts } from './clouds';
import { scopeStrings, type IntegrationFeatures, type PermissionDescription } from './permissions';

/** Microsoft Graph → Application permissions; each needs admin consent. */
export const applicationPermissionCatalogue: readonly PermissionDescription[] = [
  { name: 'User.Read.All', feature: null, purpose: 'Finds each user’s mailbox from their email address (/users/{address}). Mandatory.' },
  { name: 'Calendars.ReadWrite', feature: 'calendar', purpose: 'Two-way calendar sync of every mailbox in the app’s scope.' },
  { name: 'Contacts.ReadWrite', feature: 'contacts', purpose: 'Pushing contacts to every mailbox in the app’s scope.' },
];

export function requiredApplicationPermissions(features: IntegrationFeatures): string[] {
  return applicationPermissionCatalogue
    .filter((permission) => permission.feature === null || features[permission.feature] === true)
    .map((permission) => permission.name);
}

export type ScopeCommand = { title: string; command: string };

/**
 * RBAC for Applications (Microsoft's current way) and the older application access policy, each
 * limited to the members of one mail-enabled security group.
 */
export function exchangeScopeCommands(input: {
  clientId: string;
  servicePrincipalObjectId: string;
  group: string;
  sampleMailbox: string;
  features: IntegrationFeatures;
}): { rbac: ScopeCommand[]; accessPolicy: ScopeCommand[] } {
  const appId = input.clientId || '{Application (client) ID}';
  const objectId = input.servicePrincipalObjectId || '{Enterprise application Object ID}';
  const scopeName = 'Outlook Integration Console mailboxes';
  const roles = requiredApplicationPermissions(input.features).filter((name) => name !== 'User.Read.All');
  return {
    rbac: [
      { title: 'Connect to Exchange Online', command: 'Connect-ExchangeOnline' },
      {
        title: 'Make the app known to Exchange (its enterprise application’s Object ID)',
        command: `New-ServicePrincipal -AppId ${appId} -ObjectId ${objectId} -DisplayName "Outlook Integration Console"`,
      },
      {
        title: 'A scope: the members of the group',
        command: `New-ManagementScope -Name "${scopeName}" -RecipientRestrictionFilter "MemberOfGroup -eq '${groupDn(input.group)}'"`,
      },
      ...roles.map((role) => ({
        title: `Give the app ${role} in that scope`,
        command: `New-ManagementRoleAssignment -App ${appId} -Role "Application ${role}" -CustomResourceScope "${scopeName}"`,
      })),
      {
        title: 'Check one mailbox',
        command: `Test-ServicePrincipalAuthorization -Identity ${appId} -Resource ${input.sampleMailbox || '{user@contoso.com}'}`,
      },
    ],
    accessPolicy: [
      { title: 'Connect to Exchange Online', command: 'Connect-ExchangeOnline' },
      {
        title: 'Restrict the app to the group’s members',
        command: `New-ApplicationAccessPolicy -AppId ${appId} -PolicyScopeGroupId ${input.group || '{group@contoso.com}'} -AccessRight RestrictAccess -Description "Outlook Integration Console: synced mailboxes only"`,
      },
      {
        title: 'Check one mailbox (Granted or Denied)',
        command: `Test-ApplicationAccessPolicy -AppId ${appId} -Identity ${input.sampleMailbox || '{user@contoso.com}'}`,
      },
    ],
  };
}

/** MemberOfGroup takes the group's distinguished name: PowerShell looks it up inside the double-quoted filter. */
function groupDn(group: string): string {
  return `$((Get-Group ${group || '{group@contoso.com}'}).DistinguishedName)`;
}

/**
 * What admin consent asks for: the delegated scopes of the enabled features, or in organisation-wide
 * mode `{Graph}/.default`, which consents to what the registration lists, application permissions included.
 */
export function adminConsentScopes(
  config: { features: IntegrationFeatures; cloud: CloudId; connection: { mode: 'delegated' | 'application' } },
  custom?: CustomCloudHosts,
): string[] {
  return config.connection.mode === 'application'
    ? [`${graphResource(config.cloud, custom)}.default`]
    : scopeStrings(config.features, config.cloud, custom);
}
