/**
 * A workspace record as an Outlook contact. Exchange keeps at most 2 business phones, 2 home
 * phones, 1 mobile and 3 email addresses on a contact and refuses the whole contact (400) when a
 * list is longer, so the record is fitted to those slots here and whatever does not fit is named,
 * never sent. The console's phone numbers carry no kind: they fill the slots in order (business,
 * business, mobile, home, home), which holds the 5 numbers a record may have.
 */
import type { Person } from '../../shared/contract';

export const outlookContactLimits = { businessPhones: 2, mobilePhone: 1, homePhones: 2, emailAddresses: 3 } as const;

export type OutlookContactFields = {
  body: Record<string, unknown>;
  /** Values left out because Outlook has no room for them, in words. */
  leftOut: string[];
};

export function outlookContactOf(person: Person): OutlookContactFields {
  const phones = [...person.phones];
  const businessPhones = phones.splice(0, outlookContactLimits.businessPhones);
  const mobilePhone = phones.splice(0, outlookContactLimits.mobilePhone)[0] ?? null;
  const homePhones = phones.splice(0, outlookContactLimits.homePhones);
  const emails = person.emails.slice(0, outlookContactLimits.emailAddresses);
  const leftOut = [
    ...phones.map((phone) => `phone ${phone}`),
    ...person.emails.slice(outlookContactLimits.emailAddresses).map((email) => `email ${email}`),
  ];
  return {
    // Every pushed field is sent, so a cleared field is cleared in Outlook too.
    body: {
      givenName: person.firstName || null,
      surname: person.lastName || null,
      displayName: person.displayName,
      emailAddresses: emails.map((address) => ({ address, name: person.displayName })),
      businessPhones,
      mobilePhone,
      homePhones,
      companyName: person.accountName || null,
    },
    leftOut,
  };
}

/** The push result's words for what did not fit. */
export function leftOutMessage(person: Person, leftOut: readonly string[]): string {
  return `${person.displayName}: Outlook keeps at most 2 business phones, 1 mobile, 2 home phones and 3 email addresses on a contact; left out: ${leftOut.join(', ')}.`;
}
