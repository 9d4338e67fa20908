import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner, Tab, TabList } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { AuditLogPanel } from './AuditLogPanel';
import { EffectiveAccessPanel } from './EffectiveAccessPanel';
import { RolesPanel } from './RolesPanel';
import { UsersPanel } from './UsersPanel';
import { useAccessOverviewQuery, useAccessStore, useAuditLogQuery, type AccessTab } from './accessStore';

const panels: Record<AccessTab, () => ReactElement> = {
  roles: () => <RolesPanel />,
  users: () => <UsersPanel />,
  effective: () => <EffectiveAccessPanel />,
  audit: () => <AuditLogPanel />,
};

/** The guide's Access control: roles and their scopes, users, why a user has access, and who changed what. */
export function AccessControlPage() {
  const tab = useAccessStore((state) => state.tab);
  const setTab = useAccessStore((state) => state.setTab);
  const actionError = useAccessStore((state) => state.error);
  const setError = useAccessStore((state) => state.setError);
  const overview = useAccessOverviewQuery();
  const audit = useAuditLogQuery();
  const loadError = overview.error ?? audit.error;
  const error = actionError ?? (loadError ? `Access control could not be loaded: ${loadError.message}` : undefined);
  const roleCount = overview.data?.roles.length;
  const userCount = overview.data?.users.length;

  return (
    <>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
          <MessageBarActions
            containerAction={
              actionError ? (
                <Button aria-label="Dismiss" appearance="transparent" icon={<DismissRegular />} onClick={() => setError(undefined)} />
              ) : undefined
            }
          />
        </MessageBar>
      )}
      <TabList selectedValue={tab} onTabSelect={(_event, data) => setTab(data.value as AccessTab)} aria-label="Access control sections">
        <Tab value="roles">Roles and scopes{roleCount === undefined ? '' : ` (${roleCount})`}</Tab>
        <Tab value="users">Users{userCount === undefined ? '' : ` (${userCount})`}</Tab>
        <Tab value="effective">Effective access</Tab>
        <Tab value="audit">Audit log</Tab>
      </TabList>
      {/* Without users and roles there is nothing to show but the error above. */}
      {overview.data ? panels[tab]() : overview.isLoading && <Spinner label="Loading access control…" />}
    </>
  );
}
