import type { PersonKind } from '../../../../shared/contract';

/** How the Contacts page names each kind of person, shared by its list and dialogs. */
export const kindWords: Record<PersonKind, { one: string; many: string }> = {
  contact: { one: 'contact', many: 'contacts' },
  lead: { one: 'lead', many: 'leads' },
};
