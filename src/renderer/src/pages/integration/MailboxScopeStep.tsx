import { useState } from 'react';
import { Caption1, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { IntegrationConfig } from '../../../../shared/contract';
import { exchangeScopeCommands, type ScopeCommand } from '../../../../shared/integration/organisationSetup';
import { CopyableCode } from '../../components/CopyableCode';

const useStyles = makeStyles({
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

/**
 * The guided set-up's last step in organisation-wide mode: the Exchange Online PowerShell that
 * limits the app to the members of one mail-enabled security group, filled with the app's ids and
 * what the administrator types here (nothing of it is saved: it only fills the commands).
 */
export function MailboxScopeStep({ config }: { config: Pick<IntegrationConfig, 'clientId' | 'features'> }) {
  const styles = useStyles();
  const [group, setGroup] = useState('');
  const [objectId, setObjectId] = useState('');
  const [sample, setSample] = useState('');
  const commands = exchangeScopeCommands({
    clientId: config.clientId,
    servicePrincipalObjectId: objectId,
    group,
    sampleMailbox: sample,
    features: config.features,
  });
  const steps = (list: ScopeCommand[], prefix: string) =>
    list.map((step, index) => (
      <div key={`${prefix}-${index}`} className={styles.step}>
        <Caption1>{step.title}</Caption1>
        <CopyableCode value={step.command} copyLabel={`Copy: ${step.title}`} testId={`${prefix}-command`} />
      </div>
    ));
  return (
    <div className={styles.block} role="group" aria-label="Limit the app to chosen mailboxes">
      <Caption1>
        Application permissions reach every mailbox of the organisation until Exchange Online limits them. Put the mailboxes to sync in a
        mail-enabled security group, then run one of the two sets of commands in Exchange Online PowerShell. A mailbox outside the group
        shows as “Outside the app’s scope” on the Accounts page and fails alone in a sync run. Exchange may take up to an hour to apply a
        change.
      </Caption1>
      <div className={styles.fields}>
        <Field label="Mail-enabled security group">
          <Input value={group} placeholder="sales-sync@contoso.com" onChange={(_e, data) => setGroup(data.value.trim())} />
        </Field>
        <Field label="A mailbox to test">
          <Input value={sample} placeholder="adele@contoso.com" onChange={(_e, data) => setSample(data.value.trim())} />
        </Field>
        <Field label="Enterprise application Object ID" hint="Entra › Enterprise applications › the app › Overview › Object ID.">
          <Input
            value={objectId}
            placeholder="00000000-0000-0000-0000-000000000000"
            onChange={(_e, data) => setObjectId(data.value.trim())}
          />
        </Field>
      </div>
      <Text weight="semibold">RBAC for Applications (recommended)</Text>
      <Caption1>
        Exchange grants these roles itself: with this way, remove Calendars.ReadWrite and Contacts.ReadWrite from the app’s application
        permissions in Entra (an Entra grant reaches every mailbox, whatever the scope); User.Read.All stays.
      </Caption1>
      {steps(commands.rbac, 'rbac')}
      <Text weight="semibold">Or the older application access policy</Text>
      <Caption1>Keeps the Entra application permissions and restricts them to the group’s members.</Caption1>
      {steps(commands.accessPolicy, 'policy')}
    </div>
  );
}
