import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DeleteRegular, KeyRegular } from '@fluentui/react-icons';
import type { IntegrationView } from '../../../../shared/contract';
import { looksLikeSecretId } from '../../../../shared/integration/secretChecks';
import { describeSecretExpiry } from '../../../../shared/integration/secretExpiry';
import { formatDateTime, formatPlainDate, useConsoleTimeZone } from '../../format/dateTime';
import { SectionCard } from './SectionCard';
import type { IntegrationForm } from './useIntegrationForm';

const useStyles = makeStyles({
  status: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(240px, 2fr) minmax(160px, 1fr)',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
});

const stateBadge = {
  notSet: { color: 'subtle', text: 'Not set' },
  stored: { color: 'success', text: 'Set' },
  memoryOnly: { color: 'warning', text: 'Set for this session only' },
  lostAtRestart: { color: 'danger', text: 'Gone since restart' },
  unreadable: { color: 'danger', text: 'Stored, but unreadable' },
} as const;

/** Write-only: the page learns whether a secret is set and until when, never its value. */
export function SecretCard({ form, view, onRemove }: { form: IntegrationForm; view: IntegrationView; onRemove: () => void }) {
  const styles = useStyles();
  const { secret, setSecret, errors } = form;
  const badge = stateBadge[view.secret.state];
  const expiry = view.secret.expiry;
  const pastedId = looksLikeSecretId(secret.value);
  const timeZone = useConsoleTimeZone();
  return (
    <SectionCard
      labelId="secret-title"
      title="Client secret"
      icon={<KeyRegular fontSize={20} />}
      description="Certificates & secrets → New client secret. Paste its Value; the console never shows it again."
    >
      <div className={styles.status} data-testid="secret-status">
        <Badge appearance="filled" color={badge.color}>
          {badge.text}
        </Badge>
        {view.secret.setAt && <Text>Set on {formatDateTime(view.secret.setAt, timeZone, { label: true })}</Text>}
        {view.secret.expiresOn && <Text>· expires {formatPlainDate(view.secret.expiresOn)}</Text>}
        {view.secret.state !== 'notSet' && view.secret.state !== 'lostAtRestart' && (
          <Button appearance="subtle" icon={<DeleteRegular />} onClick={onRemove}>
            Remove secret
          </Button>
        )}
      </div>
      {expiry && expiry.state !== 'ok' && (
        <MessageBar layout="multiline" intent={expiry.state === 'expired' ? 'error' : 'warning'}>
          <MessageBarBody>{describeSecretExpiry(expiry, formatPlainDate)}</MessageBarBody>
        </MessageBar>
      )}
      {view.secret.state === 'unreadable' && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            The secret is stored, but the key the console has now cannot decrypt it: see “Stored secrets cannot be read” above for the fix.
          </MessageBarBody>
        </MessageBar>
      )}
      {view.secret.state === 'lostAtRestart' && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            The secret was kept in memory only and is gone since the console restarted. Paste it again, or store it.
          </MessageBarBody>
        </MessageBar>
      )}
      <MessageBar intent={view.vault.protection === 'unprotected' ? 'warning' : 'info'} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{protectionTitle(view)}</MessageBarTitle>
          {view.vault.explanation}
        </MessageBarBody>
      </MessageBar>
      <div className={styles.row}>
        <Field
          label={
            view.secret.state === 'stored' || view.secret.state === 'memoryOnly'
              ? 'New secret value (replaces the current one)'
              : 'Secret value'
          }
          validationMessage={
            errors['secret.value'] ??
            (pastedId ? 'This looks like the Secret ID (a GUID), not the Value. Copy the Value column instead.' : undefined)
          }
          validationState={errors['secret.value'] || pastedId ? 'error' : 'none'}
        >
          <Input
            type="password"
            autoComplete="off"
            value={secret.value}
            placeholder={view.secret.state === 'stored' ? '•••••••• (unchanged)' : 'Paste the Value'}
            onChange={(_event, data) => setSecret({ ...secret, value: data.value })}
          />
        </Field>
        <Field label="Expires on" validationMessage={errors['secret.expiresOn']} hint="24 months, as the portal recommends.">
          <Input type="date" value={secret.expiresOn} onChange={(_event, data) => setSecret({ ...secret, expiresOn: data.value })} />
        </Field>
      </div>
      {view.vault.protection === 'unprotected' && secret.value && (
        <Field label="Where to keep this secret" validationMessage={errors.secretStorage}>
          <RadioGroup
            value={secret.storage ?? ''}
            onChange={(_event, data) => setSecret({ ...secret, storage: data.value as 'vault' | 'memory' })}
          >
            <Radio value="memory" label="In memory for this session only (paste it again after a restart)" />
            <Radio value="vault" label="Store it anyway, not protected by the OS (this page keeps saying so)" />
          </RadioGroup>
        </Field>
      )}
    </SectionCard>
  );
}

function protectionTitle(view: IntegrationView): string {
  if (view.vault.protection === 'osKeyring') return 'Protected by the OS keyring';
  if (view.vault.protection === 'keyFile') return 'Encrypted with a key file';
  if (view.secret.state === 'stored') return 'The stored secret is NOT protected by the OS';
  if (view.secret.state === 'memoryOnly') return 'Kept in memory only, for this session';
  return 'Not protected by the OS';
}
