import {
  Badge,
  Body1,
  Button,
  Card,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Tooltip,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, RenameRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { accessScopes, scopeLabels, type Role } from '../../../../shared/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { RoleNameDialog } from './RoleNameDialog';
import { useAccessAction, useAccessOverviewQuery } from './accessStore';
import { useAccessStyles } from './accessStyles';

/** The role toggles: roles × scopes, each scope enabled or not set, and who holds each role. */
export function RolesPanel() {
  const styles = useAccessStyles();
  const overview = useAccessOverviewQuery().data;
  const act = useAccessAction();
  const [dialog, setDialog] = useState<{ role?: Role; key: number }>();
  const [deleting, setDeleting] = useState<Role>();
  const usersById = new Map(overview?.users.map((user) => [user.id, user]));
  const roles = overview?.roles ?? [];

  return (
    <section className={styles.panel} aria-label="Roles and scopes">
      <div className={styles.toolbar}>
        <Body1 className={styles.hint}>
          Regular users have no Outlook access until one of their roles enables it. Administrators have every scope.
        </Body1>
        <span className={styles.spacer} />
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setDialog({ key: Date.now() })}>
          New role
        </Button>
      </div>
      <Card className={styles.tableCard}>
        <Table aria-label="Role toggles">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Role</TableHeaderCell>
              {accessScopes.map((scope) => (
                <TableHeaderCell key={scope} className={styles.scopeCell}>
                  {scopeLabels[scope]}
                </TableHeaderCell>
              ))}
              <TableHeaderCell>Members</TableHeaderCell>
              <TableHeaderCell aria-label="Actions" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {roles.map((role) => (
              <TableRow key={role.id}>
                <TableCell className={styles.nameCell}>{role.name}</TableCell>
                {accessScopes.map((scope) => (
                  <TableCell key={scope}>
                    <Switch
                      checked={role.scopes[scope]}
                      label={role.scopes[scope] ? 'Enabled' : 'Not set'}
                      aria-label={`${scopeLabels[scope]} for role ${role.name}`}
                      onChange={(_event, data) =>
                        act(`Changing ${scopeLabels[scope]} for role ${role.name}`, (client) =>
                          client.call('access.setRoleScope', { id: role.id, scope, enabled: data.checked }),
                        )
                      }
                    />
                  </TableCell>
                ))}
                <TableCell>
                  <div className={styles.members} role="group" aria-label={`Members of role ${role.name}`}>
                    {role.memberIds.length === 0 && <span className={styles.muted}>No members</span>}
                    {role.memberIds.map((id) => {
                      const member = usersById.get(id);
                      return (
                        <Badge key={id} appearance="tint" color={member?.active ? 'brand' : 'subtle'}>
                          {member ? `${member.name}${member.active ? '' : ' (deactivated)'}` : `#${id}`}
                        </Badge>
                      );
                    })}
                  </div>
                </TableCell>
                <TableCell>
                  <div className={styles.actions}>
                    <Tooltip content={`Rename role ${role.name}`} relationship="label">
                      <Button appearance="subtle" icon={<RenameRegular />} onClick={() => setDialog({ role, key: Date.now() })} />
                    </Tooltip>
                    <Tooltip content={`Delete role ${role.name}`} relationship="label">
                      <Button appearance="subtle" icon={<DeleteRegular />} onClick={() => setDeleting(role)} />
                    </Tooltip>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {overview && roles.length === 0 && (
          <div className={styles.empty}>No roles yet. Create one, then enable the scopes its members need.</div>
        )}
      </Card>
      {deleting && (
        <ConfirmDialog
          title={`Delete role ${deleting.name}?`}
          message={
            deleting.memberIds.length > 0
              ? `Its ${deleting.memberIds.length} member(s) lose the scopes it grants. The audit log keeps what it was.`
              : 'It has no members. The audit log keeps what it was.'
          }
          confirmLabel="Delete role"
          onConfirm={() => act(`Deleting role ${deleting.name}`, (client) => client.call('access.deleteRole', { id: deleting.id }))}
          onClose={() => setDeleting(undefined)}
        />
      )}
      {dialog && <RoleNameDialog key={dialog.key} open role={dialog.role} onClose={() => setDialog(undefined)} />}
    </section>
  );
}
