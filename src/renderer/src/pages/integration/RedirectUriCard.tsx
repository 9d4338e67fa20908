import { Caption1, Field, Input, makeStyles } from '@fluentui/react-components';
import { ArrowRoutingRegular } from '@fluentui/react-icons';
import { registeredRedirectUri } from '../../../../shared/integration/redirectAndConsent';
import { RemoteUseHint } from '../../components/RemoteUseHint';
import { CopyableCode } from '../../components/CopyableCode';
import { SectionCard } from './SectionCard';
import type { IntegrationForm } from './useIntegrationForm';

const useStyles = makeStyles({
  port: { maxWidth: '280px' },
});

/** The URI to register in the portal, exactly, and the optional fixed port. */
export function RedirectUriCard({ form }: { form: IntegrationForm }) {
  const styles = useStyles();
  const portText = form.redirectPortText.trim();
  const port = /^\d+$/.test(portText) ? Number(portText) : null;
  const uri = registeredRedirectUri(port);
  return (
    <SectionCard
      labelId="redirect-title"
      title="Redirect URI"
      icon={<ArrowRoutingRegular fontSize={20} />}
      description={
        <>
          Add it under Authentication → Add a platform → <strong>Web</strong>. Path and case must match exactly.
        </>
      }
    >
      <CopyableCode value={uri} copyLabel="Copy the redirect URI" testId="redirect-uri" />
      <Caption1>
        Entra ignores the port of a localhost redirect URI, so the console listens on a free port for each sign-in. Register{' '}
        <code>localhost</code>, not <code>127.0.0.1</code>: the portal refuses it.
      </Caption1>
      <Field
        className={styles.port}
        label="Fixed redirect port (optional)"
        validationMessage={form.errors.redirectPort}
        hint="For a proxy or identity provider that compares the port, or for sign-ins through an SSH tunnel."
      >
        <Input
          inputMode="numeric"
          value={form.redirectPortText}
          placeholder="any free port"
          onChange={(_event, data) => form.setRedirectPortText(data.value)}
        />
      </Field>
      <RemoteUseHint redirectPort={port} />
    </SectionCard>
  );
}
