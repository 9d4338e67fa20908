import { useEffect } from 'react';
import { useConsoleStore } from '../../state/consoleStore';
import { queryKeys } from '../../state/queryKeys';
import { useServerQuery } from '../../state/serverState';
import { useContactsStore } from './contactsStore';
import { PersonDialog } from './PersonDialog';

/** A contact's or lead's address (#/contacts/people/:id) opens it, whichever tab is shown; closing goes back to the list. */
export function RoutedPersonDialog() {
  const setError = useContactsStore((state) => state.setError);
  const goTo = useConsoleStore((state) => state.goTo);
  const personId = useConsoleStore((state) => (state.route.page === 'contacts' ? state.route.personId : undefined));
  const id = Number(personId);
  // The dialog's wording depends on the kind (contact or lead), which only the record knows.
  const person = useServerQuery(queryKeys.contactsPerson(id), (client) => client.call('contacts.get', { id }), {
    enabled: Boolean(personId) && Number.isInteger(id),
  });
  useEffect(() => {
    if (person.isError) setError(`There is no contact or lead ${personId} (it may have been deleted).`);
  }, [person.isError, personId, setError]);

  // With no address (or another one) the dialog shows nothing.
  const opened = person.data && String(person.data.id) === personId ? person.data : undefined;
  if (!opened) return null;
  return <PersonDialog key={opened.id} kind={opened.kind} id={opened.id} onClose={() => goTo({ page: 'contacts' })} />;
}
