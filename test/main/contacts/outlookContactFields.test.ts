import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/shared/contract';
import { leftOutMessage, outlookContactOf } from '../../../src/main/contacts/outlookContactFields';

const person = (phones: string[], emails: string[]): Person => ({
  id: 1,
  kind: 'contact',
  firstName: 'Kim',
  lastName: 'Akers',
  displayName: 'Kim Akers',
  emails,
  phones,
  accountName: '',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  outlookCopies: 0,
});

describe('outlookContactOf', () => {
  it('fills business, mobile and home slots in order and sends empty lists for cleared fields', () => {
    expect(outlookContactOf(person(['1'], [])).body).toMatchObject({
      businessPhones: ['1'],
      mobilePhone: null,
      homePhones: [],
      emailAddresses: [],
    });
    expect(outlookContactOf(person(['1', '2', '3', '4'], ['a@x.example'])).body).toMatchObject({
      businessPhones: ['1', '2'],
      mobilePhone: '3',
      homePhones: ['4'],
    });
  });

  it('names what Outlook has no room for instead of sending it', () => {
    const { body, leftOut } = outlookContactOf(
      person(['1', '2', '3', '4', '5', '6'], ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example']),
    );
    expect(body.homePhones).toEqual(['4', '5']);
    expect(body.emailAddresses).toHaveLength(3);
    expect(leftOut).toEqual(['phone 6', 'email d@x.example']);
    expect(leftOutMessage(person([], []), leftOut)).toBe(
      'Kim Akers: Outlook keeps at most 2 business phones, 1 mobile, 2 home phones and 3 email addresses on a contact; left out: phone 6, email d@x.example.',
    );
  });
});
