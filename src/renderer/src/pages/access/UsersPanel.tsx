import {
  Badge,
  Button,
  Card,
  Switch,
  Table,
  TableBody,
  TableCell,
  mergeClasses,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Tooltip,
} from '@fluentui/react-components';
import {
  ArrowUploadRegular,
  EditRegular,
  PersonAddRegular,
  PersonProhibitedRegular,
  PersonAvailableRegular,
  ShieldCheckmarkRegular,
} from '@fluentui/react-icons';
import { useState } from 'react';
import type { WorkspaceUser } from '../../../../shared/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDateTime, useConsoleTimeZone } from '../../format/dateTime';
import { ImportUsersDialog } from './ImportUsersDialog';
import { UserDialog } from './UserDialog';
import { useAccessAction, useAccessOverviewQuery, useAccessStore } from './accessStore';
import { useAccessStyles } from './accessStyles';

/** Workspace users: add, edit, deactivate or reactivate, their roles, and a way to check their access. */
export function UsersPanel() {
  const styles = useAccessStyles();
  const overview = useAccessOverviewQuery().data;
  const timeZone = useConsoleTimeZone();
  const act = useAccessAction();
  const showAccessOf = useAccessStore((state) => state.showAccessOf);
  const [editing, setEditing] = useState<{ user?: WorkspaceUser; key: number }>();
  const [deactivating, setDeactivating] = useState<WorkspaceUser>();
  const [importing, setImporting] = useState(false);
  const [showDeactivated, setShowDeactivated] = useState(true);
  const roles = overview?.roles ?? [];
  const roleNames = new Map(roles.map((role) => [role.id, role.name]));
  const users = (overview?.users ?? []).filter((user) => showDeactivated || user.active);

  return (
    <section className={styles.panel} aria-label="Users">
      <div className={styles.toolbar}>
        <Button appearance="primary" icon={<PersonAddRegular />} onClick={() => setEditing({ key: Date.now() })}>
          Add user
        </Button>
        <Button icon={<ArrowUploadRegular />} onClick={() => setImporting(true)}>
          Import from CSV
        </Button>
        <span className={styles.spacer} />
        <Switch label="Show deactivated users" checked={showDeactivated} onChange={(_event, data) => setShowDeactivated(data.checked)} />
      </div>
      <Card className={styles.tableCard}>
        <Table aria-label="Users">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Email</TableHeaderCell>
              <TableHeaderCell>Type</TableHeaderCell>
              <TableHeaderCell>Roles</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell aria-label="Actions" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((user) => (
              <TableRow key={user.id}>
                <TableCell className={mergeClasses(styles.nameCell, styles.wrapCell)}>{user.name}</TableCell>
                <TableCell className={styles.wrapCell}>{user.email}</TableCell>
                <TableCell>
                  {user.type === 'administrator' ? (
                    <Badge appearance="filled" color="important">
                      Administrator
                    </Badge>
                  ) : (
                    'Regular'
                  )}
                </TableCell>
                <TableCell>
                  <div className={styles.members}>
                    {user.roleIds.length === 0 && <span className={styles.muted}>No role</span>}
                    {user.roleIds.map((id) => (
                      <Badge key={id} appearance="tint">
                        {roleNames.get(id) ?? `#${id}`}
                      </Badge>
                    ))}
                  </div>
                </TableCell>
                <TableCell>
                  {user.active ? (
                    <Badge appearance="tint" color="success">
                      Active
                    </Badge>
                  ) : (
                    <Tooltip
                      content={`Deactivated ${formatDateTime(user.deactivatedAt ?? user.updatedAt, timeZone, { label: true })}`}
                      relationship="description"
                    >
                      <Badge appearance="tint" color="subtle">
                        Deactivated
                      </Badge>
                    </Tooltip>
                  )}
                </TableCell>
                <TableCell>
                  <div className={styles.actions}>
                    <Tooltip content={`Check access of ${user.name}`} relationship="label">
                      <Button appearance="subtle" icon={<ShieldCheckmarkRegular />} onClick={() => showAccessOf(user.id)} />
                    </Tooltip>
                    <Tooltip content={`Edit ${user.name}`} relationship="label">
                      <Button appearance="subtle" icon={<EditRegular />} onClick={() => setEditing({ user, key: Date.now() })} />
                    </Tooltip>
                    {user.active ? (
                      <Tooltip content={`Deactivate ${user.name}`} relationship="label">
                        <Button appearance="subtle" icon={<PersonProhibitedRegular />} onClick={() => setDeactivating(user)} />
                      </Tooltip>
                    ) : (
                      <Tooltip content={`Reactivate ${user.name}`} relationship="label">
                        <Button
                          appearance="subtle"
                          icon={<PersonAvailableRegular />}
                          onClick={() =>
                            act(`Reactivating ${user.name}`, (client) => client.call('access.setUserActive', { id: user.id, active: true }))
                          }
                        />
                      </Tooltip>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {overview && users.length === 0 && <div className={styles.empty}>No users yet. Add one, or import a CSV file.</div>}
      </Card>
      {editing && <UserDialog key={editing.key} user={editing.user} roles={roles} onClose={() => setEditing(undefined)} />}
      {deactivating && (
        <ConfirmDialog
          title={`Deactivate ${deactivating.name}?`}
          message={`${deactivating.name} loses all access at once: no Outlook connection, sync or contacts push. Their roles, tokens and history are kept, and you can reactivate them at any time.`}
          confirmLabel="Deactivate"
          onConfirm={() =>
            act(`Deactivating ${deactivating.name}`, (client) =>
              client.call('access.setUserActive', { id: deactivating.id, active: false }),
            )
          }
          onClose={() => setDeactivating(undefined)}
        />
      )}
      {importing && <ImportUsersDialog onClose={() => setImporting(false)} />}
    </section>
  );
}
