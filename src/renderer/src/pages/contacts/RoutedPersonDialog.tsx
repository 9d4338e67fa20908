import { useEffect, useState } from 'react';
import type { PersonKind } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';
import { useContactsStore } from './contactsStore';
import { PersonDialog } from './PersonDialog';

/** A contact's or lead's address (#/contacts/people/:id) opens it, whichever tab is shown; closing goes back to the list. */
export function RoutedPersonDialog() {
  const client = useContactsStore((state) => state.client);
  const setError = useContactsStore((state) => state.setError);
  const goTo = useConsoleStore((state) => state.goTo);
  const personId = useConsoleStore((state) => (state.route.page === 'contacts' ? state.route.personId : undefined));
  const [opened, setOpened] = useState<{ id: number; kind: PersonKind }>();

  useEffect(() => {
    const id = Number(personId);
    // With no address (or another one) the dialog below shows nothing: no state to reset.
    if (!client || !personId || !Number.isInteger(id)) return;
    let current = true;
    // The dialog's wording depends on the kind (contact or lead), which only the record knows.
    client.call('contacts.get', { id }).then(
      (person) => current && setOpened({ id, kind: person.kind }),
      () => current && setError(`There is no contact or lead ${personId} (it may have been deleted).`),
    );
    return () => {
      current = false;
    };
  }, [client, personId, setError]);

  if (!opened || String(opened.id) !== personId) return null;
  return <PersonDialog key={opened.id} kind={opened.kind} id={opened.id} onClose={() => goTo({ page: 'contacts' })} />;
}
