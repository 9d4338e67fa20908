import { Card, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { CompanyAccountRow } from '../../../../shared/contract';
import { formatInstantDate, useConsoleTimeZone } from '../../format/dateTime';
import { useContactsStore } from './contactsStore';
import { useContactsStyles } from './contactsStyles';

/** Accounts (companies): made from the company of the contacts and leads, with how many of each. */
export function AccountsPanel() {
  const styles = useContactsStyles();
  const timeZone = useConsoleTimeZone();
  const client = useContactsStore((state) => state.client);
  const revision = useContactsStore((state) => state.revision);
  const setError = useContactsStore((state) => state.setError);
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<CompanyAccountRow[]>();

  useEffect(() => {
    if (!client) return;
    const timer = setTimeout(() => {
      client
        .call('contacts.accounts', { search: search.trim() })
        .then(setRows)
        .catch((error: Error) => setError(`The companies could not be read: ${error.message}`));
    }, 200);
    return () => clearTimeout(timer);
  }, [client, search, revision, setError]);

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
