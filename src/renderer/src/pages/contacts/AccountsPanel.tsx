import { Card, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { formatInstantDate, useConsoleTimeZone } from '../../format/dateTime';
import { queryKeys } from '../../state/queryKeys';
import { useServerQuery } from '../../state/serverState';
import { useContactsStore } from './contactsStore';
import { useContactsStyles } from './contactsStyles';

/** Accounts (companies): made from the company of the contacts and leads, with how many of each. */
export function AccountsPanel() {
  const styles = useContactsStyles();
  const timeZone = useConsoleTimeZone();
  const setError = useContactsStore((state) => state.setError);
  const [search, setSearch] = useState('');
  // The search runs a moment after typing stops, not on every key.
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 200);
    return () => clearTimeout(timer);
  }, [search]);
  const companies = useServerQuery(queryKeys.contactsCompanies(query), (client) => client.call('contacts.accounts', { search: query }), {
    keepPreviousData: true,
  });
  const rows = companies.data;
  useEffect(() => {
    if (companies.error) setError(`The companies could not be read: ${companies.error.message}`);
  }, [companies.error, setError]);

  return (
    <section className={styles.panel} aria-label="Companies">
      <div className={styles.toolbar}>
        <SearchBox
          className={styles.search}
          placeholder="Search companies by name"
          aria-label="Search companies"
          value={search}
          onChange={(_event, data) => setSearch(data.value)}
        />
        <span className={styles.muted}>A company is added when a contact or lead names it.</span>
      </div>
      <Card className={styles.tableCard}>
        <Table aria-label="Companies" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Company</TableHeaderCell>
              <TableHeaderCell>Contacts</TableHeaderCell>
              <TableHeaderCell>Leads</TableHeaderCell>
              <TableHeaderCell>Since</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {(rows ?? []).map((account) => (
              <TableRow key={account.id}>
                <TableCell className={styles.nameCell}>{account.name}</TableCell>
                <TableCell>{account.contacts}</TableCell>
                <TableCell>{account.leads}</TableCell>
                <TableCell>{formatInstantDate(account.createdAt, timeZone)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {rows && rows.length === 0 && (
          <div className={styles.empty}>{search.trim() ? `No company matches "${search.trim()}".` : 'No companies yet.'}</div>
        )}
      </Card>
    </section>
  );
}
