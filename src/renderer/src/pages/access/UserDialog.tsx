import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Radio,
  RadioGroup,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { Role, UserType, WorkspaceUser } from '../../../../shared/contract';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation } from '../../state/serverState';
import { fieldMessages } from './accessStore';
import { useAccessStyles } from './accessStyles';

type Props = { user?: WorkspaceUser; roles: readonly Role[]; onClose: () => void };

/** Adds a user, or edits one: name, email, type and roles in one form. */
export function UserDialog({ user, roles, onClose }: Props) {
  const styles = useAccessStyles();
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [type, setType] = useState<UserType>(user?.type ?? 'regular');
  const [roleIds, setRoleIds] = useState<number[]>(user?.roleIds ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useServerMutation(
    async (client) => {
      if (user) {
        await client.call('access.updateUser', { id: user.id, name, email, type });
        await client.call('access.setUserRoles', { id: user.id, roleIds });
      } else {
        await client.call('access.createUser', { name, email, type, roleIds });
      }
    },
    {
      invalidates: [queryKeys.access],
      onSuccess: onClose,
      onError: (failure) => {
        const messages = fieldMessages(failure);
        setErrors(Object.keys(messages).length > 0 ? messages : { form: failure.message });
      },
    },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(undefined);
  }

  const toggleRole = (id: number, checked: boolean) =>
    setRoleIds((current) => (checked ? [...current, id] : current.filter((roleId) => roleId !== id)));

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{user ? `Edit ${user.name}` : 'Add user'}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label="Name" required validationMessage={errors.name}>
                <Input value={name} onChange={(_event, data) => setName(data.value)} autoFocus maxLength={200} />
              </Field>
              <Field label="Email" required validationMessage={errors.email}>
                <Input type="email" value={email} onChange={(_event, data) => setEmail(data.value)} maxLength={320} />
              </Field>
              <Field label="Type" validationMessage={errors.type} hint="Administrators have every scope, whatever their roles.">
                <RadioGroup value={type} layout="horizontal" onChange={(_event, data) => setType(data.value as UserType)}>
                  <Radio value="regular" label="Regular" />
                  <Radio value="administrator" label="Administrator" />
                </RadioGroup>
              </Field>
              <CheckboxGroup
                label="Roles"
                error={errors.roleIds}
                hint={roles.length === 0 ? 'No roles yet: create one in Roles and scopes.' : undefined}
                options={roles.map((role) => ({
                  key: role.id,
                  label: role.name,
                  checked: roleIds.includes(role.id),
                  onChange: (checked) => toggleRole(role.id, checked),
                }))}
              />
              {errors.form && <Field validationMessage={errors.form} />}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={save.isPending}>
                {user ? 'Save' : 'Add user'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
