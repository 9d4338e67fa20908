import { Button, MessageBar, MessageBarActions, MessageBarBody, Tab, TabList } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useEffect, type ReactElement } from 'react';
import { useConsoleStore } from '../../state/consoleStore';
import { AuditLogPanel } from './AuditLogPanel';
import { EffectiveAccessPanel } from './EffectiveAccessPanel';
import { RolesPanel } from './RolesPanel';
import { UsersPanel } from './UsersPanel';
import { useAccessStore, type AccessTab } from './accessStore';

const panels: Record<AccessTab, () => ReactElement> = {
  roles: () => <RolesPanel />,
  users: () => <UsersPanel />,
  effective: () => <EffectiveAccessPanel />,
  audit: () => <AuditLogPanel />,
};

/** The guide's Access control: roles and their scopes, users, why a user has access, and who changed what. */
export function AccessControlPage() {
  const client = useConsoleStore((state) => state.client);
  const attach = useAccessStore((state) => state.attach);
  const tab = useAccessStore((state) => state.tab);
  const setTab = useAccessStore((state) => state.setTab);
  const error = useAccessStore((state) => state.error);
  const dismissError = useAccessStore((state) => state.dismissError);
  const roleCount = useAccessStore((state) => state.overview?.roles.length);
  const userCount = useAccessStore((state) => state.overview?.users.length);

  useEffect(() => (client ? attach(client) : undefined), [client, attach]);

  return (
    <>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
          <MessageBarActions
            containerAction={<Button aria-label="Dismiss" appearance="transparent" icon={<DismissRegular />} onClick={dismissError} />}
          />
        </MessageBar>
      )}
      <TabList selectedValue={tab} onTabSelect={(_event, data) => setTab(data.value as AccessTab)} aria-label="Access control sections">
        <Tab value="roles">Roles and scopes{roleCount === undefined ? '' : ` (${roleCount})`}</Tab>
        <Tab value="users">Users{userCount === undefined ? '' : ` (${userCount})`}</Tab>
        <Tab value="effective">Effective access</Tab>
        <Tab value="audit">Audit log</Tab>
      </TabList>
      {panels[tab]()}
    </>
  );
}
