import { Badge, Caption1, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldKeyholeRegular } from '@fluentui/react-icons';
import { graphResource } from '../../../../shared/integration/clouds';
import { mailTokenScope, permissionCatalogue, qualifiedScope } from '../../../../shared/integration/permissions';
import { SectionCard } from './SectionCard';
import type { IntegrationForm } from './useIntegrationForm';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  text: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  scope: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  lock: { minWidth: '40px', display: 'flex', justifyContent: 'center' },
});

/** The delegated permissions, each switched by the feature it serves, with the exact scope string. */
export function PermissionsList({ form }: { form: IntegrationForm }) {
  const styles = useStyles();
  const { config, update } = form;
  const resource =
    config.cloud === 'custom'
      ? config.customCloud.graphHost
        ? `https://${config.customCloud.graphHost}/`
        : 'https://{graph host}/'
      : graphResource(config.cloud);
  return (
    <SectionCard
      labelId="permissions-title"
      title="Permissions"
      icon={<ShieldKeyholeRegular fontSize={20} />}
      description="Microsoft Graph → Delegated permissions. Add exactly these in API permissions, then grant admin consent."
    >
      <ul className={styles.list} aria-label="Delegated permissions">
        {permissionCatalogue.map((permission) => {
          const scope = qualifiedScope(permission.name, resource);
          // IMAP and SMTP accept only tokens for Exchange Online: the console asks for those scopes with Outlook's resource.
          const mailScope = mailTokenScope(permission.name, config.cloud);
          return (
            <li key={permission.name} className={styles.item}>
              {permission.feature === null ? (
                <span className={styles.lock}>
                  <Badge appearance="tint" color="informative">
                    Always
                  </Badge>
                </span>
              ) : (
                <Switch
                  aria-label={`${permission.name}: ${permission.purpose}`}
                  checked={config.features[permission.feature] === true}
                  onChange={(_event, data) => update({ features: { ...config.features, [permission.feature!]: data.checked } })}
                />
              )}
              <span className={styles.text}>
                <strong>{permission.name}</strong>
                <Caption1>{permission.purpose}</Caption1>
                <Caption1 className={styles.scope}>{scope}</Caption1>
                {mailScope && <Caption1 className={styles.scope}>token for the mail server: {mailScope}</Caption1>}
              </span>
            </li>
          );
        })}
      </ul>
    </SectionCard>
  );
}
