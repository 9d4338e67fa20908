import { Dropdown, Field, Input, Option, Radio, RadioGroup, Switch, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { PlugConnectedRegular } from '@fluentui/react-icons';
import {
  accountTypeLabels,
  accountTypes,
  cloudIds,
  cloudLabels,
  cloudSupportsPersonalAccounts,
  type AccountType,
  type CloudId,
} from '../../../../shared/integration/clouds';
import { SectionCard } from './SectionCard';
import type { IntegrationForm } from './useIntegrationForm';

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  custom: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    paddingLeft: tokens.spacingHorizontalL,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke2}`,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

/** Enabled, the app's Client ID, who may sign in and in which cloud. */
export function ConnectionForm({ form }: { form: IntegrationForm }) {
  const styles = useStyles();
  const { config, update, errors } = form;
  const personalAllowed = cloudSupportsPersonalAccounts(config.cloud);
  return (
    <SectionCard
      labelId="connection-title"
      title="App registration"
      icon={<PlugConnectedRegular fontSize={20} />}
      description="The Azure app the console signs users in with, who may use it, and in which Microsoft cloud."
    >
      <Switch
        label={config.enabled ? 'Enabled: users can connect their Outlook accounts' : 'Enabled'}
        checked={config.enabled}
        onChange={(_event, data) => update({ enabled: data.checked })}
      />
      <div className={styles.row}>
        <Field
          label="Client ID"
          required={config.enabled}
          validationMessage={errors.clientId}
          hint="Application (client) ID, on the app’s Overview page."
        >
          <Input
            className={styles.mono}
            value={config.clientId}
            placeholder="00000000-0000-0000-0000-000000000000"
            onChange={(_event, data) => update({ clientId: data.value })}
          />
        </Field>
        <Field label="Cloud" validationMessage={errors.cloud}>
          <Dropdown
            value={cloudLabels[config.cloud]}
            selectedOptions={[config.cloud]}
            onOptionSelect={(_event, data) => data.optionValue && update({ cloud: data.optionValue as CloudId })}
          >
            {cloudIds.map((cloud) => (
              <Option key={cloud} value={cloud}>
                {cloudLabels[cloud]}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      <Field label="Supported account types" validationMessage={errors.accountType}>
        <RadioGroup value={config.accountType} onChange={(_event, data) => update({ accountType: data.value as AccountType })}>
          {accountTypes.map((type) => (
            <Radio
              key={type}
              value={type}
              label={accountTypeLabels[type]}
              disabled={!personalAllowed && (type === 'personal' || type === 'organizationsAndPersonal')}
            />
          ))}
        </RadioGroup>
      </Field>
      {config.accountType === 'singleTenant' && (
        <Field
          label="Tenant"
          required={config.enabled}
          validationMessage={errors.tenant}
          hint="Directory (tenant) ID from the Overview page, or a verified domain such as contoso.onmicrosoft.com."
        >
          <Input className={styles.mono} value={config.tenant} onChange={(_event, data) => update({ tenant: data.value })} />
        </Field>
      )}
      {config.cloud === 'custom' && (
        <div className={styles.custom}>
          <div className={styles.row}>
            <Field
              label="Sign-in host"
              required
              validationMessage={errors['customCloud.loginHost']}
              hint="host[:port], e.g. localhost:8443"
            >
              <Input
                className={styles.mono}
                value={config.customCloud.loginHost}
                onChange={(_event, data) => update({ customCloud: { ...config.customCloud, loginHost: data.value } })}
              />
            </Field>
            <Field label="Graph host" required validationMessage={errors['customCloud.graphHost']} hint="host[:port], e.g. localhost:8444">
              <Input
                className={styles.mono}
                value={config.customCloud.graphHost}
                onChange={(_event, data) => update({ customCloud: { ...config.customCloud, graphHost: data.value } })}
              />
            </Field>
          </div>
          <Field
            label="Custom CA certificate (PEM, optional)"
            validationMessage={errors['customCloud.caCertificatePem']}
            hint="For a TLS-inspecting proxy or the local emulator: the CA that signed their certificates."
          >
            <Textarea
              className={styles.mono}
              resize="vertical"
              rows={3}
              value={config.customCloud.caCertificatePem}
              placeholder="-----BEGIN CERTIFICATE-----"
              onChange={(_event, data) => update({ customCloud: { ...config.customCloud, caCertificatePem: data.value } })}
            />
          </Field>
        </div>
      )}
    </SectionCard>
  );
}
