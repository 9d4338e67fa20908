import { Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { MailRegular } from '@fluentui/react-icons';
import type { IntegrationConfig } from '../../../../shared/contract';
import { defaultMailServers } from '../../../../shared/integration/mailServers';
import { SectionCard } from './SectionCard';
import type { IntegrationForm } from './useIntegrationForm';

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: 'minmax(200px, 2fr) minmax(100px, 1fr)', gap: tokens.spacingHorizontalM },
});

type MailOverrides = IntegrationConfig['mail'];

/** Shown when email fetching or sending is on: where Diagnostics logs in over IMAP and SMTP. Empty means the cloud's servers. */
export function MailServersCard({ form }: { form: IntegrationForm }) {
  const styles = useStyles();
  const { config, update, errors } = form;
  if (!config.features.imap && !config.features.smtp) return null;
  const defaults = defaultMailServers(config.cloud);
  const set = (patch: Partial<MailOverrides>) => update({ mail: { ...config.mail, ...patch } });
  const port = (text: string) => (text.trim() === '' ? null : Number(text));
  return (
    <SectionCard
      labelId="mail-servers-title"
      title="Mail servers"
      icon={<MailRegular fontSize={20} />}
      description="Where Diagnostics logs in over IMAP and SMTP AUTH with each connected account. Leave empty for the chosen cloud’s servers."
    >
      {(['imap', 'smtp'] as const)
        .filter((protocol) => config.features[protocol])
        .map((protocol) => {
          const label = protocol.toUpperCase();
          const hostKey = `${protocol}Host` as const;
          const portKey = `${protocol}Port` as const;
          return (
            <div key={protocol} className={styles.row}>
              <Field label={`${label} server`} validationMessage={errors[`mail.${hostKey}`]}>
                <Input
                  value={config.mail[hostKey]}
                  placeholder={defaults[protocol].host}
                  onChange={(_event, data) => set({ [hostKey]: data.value })}
                />
              </Field>
              <Field label={`${label} port`} validationMessage={errors[`mail.${portKey}`]}>
                <Input
                  type="number"
                  min={1}
                  max={65535}
                  value={config.mail[portKey]?.toString() ?? ''}
                  placeholder={String(defaults[protocol].port)}
                  onChange={(_event, data) => set({ [portKey]: port(data.value) })}
                />
              </Field>
            </div>
          );
        })}
      <Caption1>
        IMAP on port 993 and SMTP on port 465 use TLS from the start; other ports upgrade with STARTTLS. Plain-text logins are never
        attempted.
      </Caption1>
    </SectionCard>
  );
}
