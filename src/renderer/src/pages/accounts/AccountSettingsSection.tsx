import { Dropdown, Field, Option, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AccountsView } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';
import { CalendarSettingsPanel } from '../calendar/CalendarSettingsPanel';
import { ContactsSettingsPanel } from '../contacts/ContactsSettingsPanel';
import { EmailAccountsPanel } from '../email/EmailAccountsPanel';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  panels: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  picker: { maxWidth: '360px' },
});

/** Per-account settings: which calendar and how it syncs, where contacts are pushed, and the email accounts using it. */
export function AccountSettingsSection({ view }: { view: AccountsView }) {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const connected = view.rows.filter((row) => row.account !== null);
  const [userId, setUserId] = useState<number>();
  const chosen = connected.find((row) => row.user.id === userId) ?? connected[0];
  if (!client || !chosen) return null;
  return (
    <section className={styles.section} aria-label="Account settings">
      <Subtitle2 as="h2">Account settings</Subtitle2>
      <Field label="Settings of" className={styles.picker}>
        <Dropdown
          value={`${chosen.user.name} (${chosen.account?.userPrincipalName ?? chosen.user.email})`}
          selectedOptions={[String(chosen.user.id)]}
          onOptionSelect={(_event, data) => setUserId(Number(data.optionValue))}
        >
          {connected.map((row) => (
            <Option key={row.user.id} value={String(row.user.id)}>
              {`${row.user.name} (${row.account?.userPrincipalName ?? row.user.email})`}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <div className={styles.panels}>
        <CalendarSettingsPanel key={`calendar-${chosen.user.id}`} userId={chosen.user.id} userName={chosen.user.name} />
        <ContactsSettingsPanel key={`contacts-${chosen.user.id}`} client={client} userId={chosen.user.id} />
      </div>
      <EmailAccountsPanel key={`email-${chosen.user.id}`} userId={chosen.user.id} />
    </section>
  );
}
