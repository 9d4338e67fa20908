import {
  Badge,
  Button,
  Card,
  Checkbox,
  Link,
  SearchBox,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, ArrowUploadRegular, CloudArrowUpRegular, DeleteRegular, PersonAddRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { PersonKind, PersonSelection } from '../../../../shared/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useConsoleStore } from '../../state/consoleStore';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';
import { ImportPeopleDialog } from './ImportPeopleDialog';
import { PersonDialog } from './PersonDialog';
import { routePath } from '../../routing/routes';
import { PushDialog } from './PushDialog';
import { useContactsStore } from './contactsStore';
import { useContactsStyles } from './contactsStyles';
import { kindWords } from './kindWords';

const pageSize = 100;

/** Contacts or leads: search, select (a page, or every match), import, export, push, open one. */
export function PeopleListPanel({ kind }: { kind: PersonKind }) {
  const styles = useContactsStyles();
  const client = useConsoleStore((state) => state.client);
  const setError = useContactsStore((state) => state.setError);
  const words = kindWords[kind];
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [open, setOpen] = useState<{ id?: number; key: number }>();
  const [dialog, setDialog] = useState<'import' | 'push' | 'delete'>();
  const [exportNote, setExportNote] = useState<string>();

  // The search runs a moment after typing stops, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  const people = useServerQuery(
    queryKeys.contactsPeople({ kind, search: query, offset }),
    (client) => client.call('contacts.list', { kind, search: query, offset, limit: pageSize }),
    { keepPreviousData: true },
  );
  const page = people.data;
  const deletion = useServerMutation((client, ids: number[]) => client.call('contacts.delete', { ids }), {
    invalidates: [queryKeys.contacts],
    onError: (error) => setError(`The delete failed: ${error.message}`),
  });
  useEffect(() => {
    if (people.error) setError(`The ${words.many} could not be read: ${people.error.message}`);
  }, [people.error, setError, words.many]);

  const rows = page?.rows ?? [];
  const total = page?.total ?? 0;
  const allOnPage = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const someOnPage = rows.some((row) => selected.has(row.id));
  const selection: PersonSelection = selected.size > 0 ? { ids: [...selected] } : { kind, search: query };
  const targetWords = selected.size > 0 ? `${selected.size} selected` : query ? `all ${total} matching` : `all ${total}`;

  const toggle = (id: number, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  async function exportVcard() {
    if (!client) return;
    try {
      const result = await client.call('contacts.exportVcard', { selection });
      if (result.delivery.kind === 'download') await client.saveDownload(result.delivery.url, result.fileName);
      setExportNote(
        result.delivery.kind === 'cancelled'
          ? undefined
          : `Exported ${result.count} ${result.count === 1 ? words.one : words.many} to ${result.delivery.kind === 'saved' ? result.delivery.path : result.fileName}.`,
      );
    } catch (error) {
      setError(`The vCard export failed: ${(error as Error).message}`);
    }
  }

  return (
    <section className={styles.panel} aria-label={words.many}>
      <div className={styles.toolbar}>
        <SearchBox
          className={styles.search}
          placeholder={`Search ${words.many} by name, email, phone or company`}
          aria-label={`Search ${words.many}`}
          value={search}
          onChange={(_event, data) => setSearch(data.value)}
        />
        <span className={styles.spacer} />
        <Button icon={<PersonAddRegular />} onClick={() => setOpen({ key: Date.now() })}>
          New {words.one}
        </Button>
        <Button icon={<ArrowUploadRegular />} onClick={() => setDialog('import')}>
          Import…
        </Button>
      </div>
      <div className={styles.actionBar} role="toolbar" aria-label={`Actions on ${targetWords} ${words.many}`}>
        <span className={styles.actionTarget}>
          {selected.size > 0 ? `${selected.size} selected` : query ? `${total} matching "${query}"` : `All ${total} ${words.many}`}
        </span>
        <span className={styles.spacer} />
        <Button appearance="primary" icon={<CloudArrowUpRegular />} disabled={total === 0} onClick={() => setDialog('push')}>
          Push to Outlook ({targetWords})
        </Button>
        <Button icon={<ArrowDownloadRegular />} disabled={total === 0} onClick={() => void exportVcard()}>
          Export vCard ({targetWords})
        </Button>
        <Button icon={<DeleteRegular />} disabled={selected.size === 0} onClick={() => setDialog('delete')}>
          Delete
        </Button>
      </div>
      {exportNote && (
        <span className={styles.muted} role="status">
          {exportNote}
        </span>
      )}
      <Card className={styles.tableCard}>
        <Table aria-label={words.many} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.checkCell}>
                <Checkbox
                  aria-label={`Select all ${words.many} on this page`}
                  checked={allOnPage ? true : someOnPage ? 'mixed' : false}
                  onChange={(_event, data) => rows.forEach((row) => toggle(row.id, data.checked === true))}
                />
              </TableHeaderCell>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Email</TableHeaderCell>
              <TableHeaderCell>Phone</TableHeaderCell>
              <TableHeaderCell>Company</TableHeaderCell>
              <TableHeaderCell>In Outlook</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((person) => (
              <TableRow key={person.id} aria-selected={selected.has(person.id)}>
                <TableCell className={styles.checkCell}>
                  <Checkbox
                    aria-label={`Select ${person.displayName}`}
                    checked={selected.has(person.id)}
                    onChange={(_event, data) => toggle(person.id, data.checked === true)}
                  />
                </TableCell>
                <TableCell className={styles.nameCell}>
                  <Link href={`#${routePath({ page: 'contacts', personId: String(person.id) })}`}>{person.displayName}</Link>
                </TableCell>
                <TableCell>{person.emails.join(', ')}</TableCell>
                <TableCell>{person.phones.join(', ')}</TableCell>
                <TableCell>{person.accountName}</TableCell>
                <TableCell>
                  {person.outlookCopies > 0 ? (
                    <Badge appearance="tint" color="success">
                      {person.outlookCopies} {person.outlookCopies === 1 ? 'user' : 'users'}
                    </Badge>
                  ) : (
                    <span className={styles.muted}>Not pushed</span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {!page && <Spinner className={styles.empty} size="tiny" label={`Loading ${words.many}…`} />}
        {page && rows.length === 0 && (
          <div className={styles.empty}>
            {query ? `No ${words.one} matches "${query}".` : `No ${words.many} yet. Add one, or import a CSV or vCard file.`}
          </div>
        )}
      </Card>
      <div className={styles.pager}>
        {selected.size > 0 && (
          <>
            <Button appearance="subtle" size="small" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
            <span className={styles.spacer} />
          </>
        )}
        <span className={styles.muted} aria-live="polite">
          {total === 0 ? '' : `${offset + 1}–${Math.min(offset + pageSize, total)} of ${total}`}
        </span>
        <Button size="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
          Previous
        </Button>
        <Button size="small" disabled={offset + pageSize >= total} onClick={() => setOffset(offset + pageSize)}>
          Next
        </Button>
      </div>
      {open && <PersonDialog key={open.key} kind={kind} id={open.id} onClose={() => setOpen(undefined)} />}
      {dialog === 'import' && <ImportPeopleDialog kind={kind} onClose={() => setDialog(undefined)} />}
      {dialog === 'push' && (
        <PushDialog
          selection={selection}
          what={`${targetWords} ${selected.size > 0 ? '' : words.many}`.trim()}
          count={selected.size > 0 ? selected.size : total}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={`Delete ${selected.size} ${selected.size === 1 ? words.one : words.many}?`}
          message="They are removed from the workspace. Copies already pushed to Outlook stay in Outlook."
          confirmLabel="Delete"
          onClose={() => setDialog(undefined)}
          onConfirm={() => {
            deletion.mutate([...selected]);
            setSelected(new Set());
          }}
        />
      )}
    </section>
  );
}
