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
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation } from '../../state/serverState';
import { fieldMessages } from './accessStore';
import { useAccessStyles } from './accessStyles';

type Props = { open: boolean; role?: { id: number; name: string }; onClose: () => void };

/** Creates a role (every scope off) or renames one. */
export function RoleNameDialog({ open, role, onClose }: Props) {
  const styles = useAccessStyles();
  const [name, setName] = useState(role?.name ?? '');
  const [error, setError] = useState<string>();
  const save = useServerMutation(
    (client) => (role ? client.call('access.renameRole', { id: role.id, name }) : client.call('access.createRole', { name })),
    {
      invalidates: [queryKeys.access],
      onSuccess: onClose,
      onError: (failure) => setError(fieldMessages(failure).name ?? failure.message),
    },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(undefined);
  }

  return (
    <Dialog open={open} onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{role ? `Rename role ${role.name}` : 'New role'}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field
                label="Role name"
                required
                validationMessage={error}
                hint={role ? undefined : 'A new role starts with every scope not set.'}
              >
                <Input value={name} onChange={(_event, data) => setName(data.value)} autoFocus maxLength={100} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={save.isPending}>
                {role ? 'Rename' : 'Create role'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
