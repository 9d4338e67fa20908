import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
} from '@fluentui/react-components';
import { DocumentArrowUpRegular } from '@fluentui/react-icons';
import { ImportPreviewMessages, ImportResultMessage } from '../../components/ImportMessages';
import { useImportFlow } from '../../components/useImportFlow';
import { useRef, useState } from 'react';
import type { ImportFormat, PeopleImportPreview, PersonKind } from '../../../../shared/contract';
import { kindWords } from './kindWords';
import { useConsoleStore } from '../../state/consoleStore';
import { useContactsStyles } from './contactsStyles';

const examples: Record<ImportFormat, string> = {
  csv: 'first name,last name,email,phone,company\nAnn,Lee,ann.lee@example.com,+1 425 555 0101,Contoso',
  vcard: 'BEGIN:VCARD\nVERSION:4.0\nN:Lee;Ann;;;\nFN:Ann Lee\nEMAIL:ann.lee@example.com\nORG:Contoso\nEND:VCARD',
};
const statusBadge = { valid: ['success', 'Ready'], duplicate: ['warning', 'Duplicate'], error: ['danger', 'Error'] } as const;

/** Import in two steps: a preview that writes nothing, then the import of the rows that are ready. */
export function ImportPeopleDialog({ kind, onClose }: { kind: PersonKind; onClose: () => void }) {
  const styles = useContactsStyles();
  const client = useConsoleStore((state) => state.client);
  const words = kindWords[kind];
  const fileInput = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string>();
  const {
    busy,
    preview,
    result,
    error,
    runPreview: check,
    runImport: confirm,
    clearPreview,
  } = useImportFlow<PeopleImportPreview, { created: number; failed: Array<{ row: number; reason: string }> }>();

  async function runPreview(content: string, as: ImportFormat) {
    if (client) await check(() => client.call('contacts.previewImport', { kind, format: as, text: content }));
  }

  async function runImport() {
    if (!client) return;
    await confirm((checked) => {
      const rows = checked.rows
        .filter((row) => row.status === 'valid')
        .map(({ row, firstName, lastName, emails, phones, accountName }) => ({ row, firstName, lastName, emails, phones, accountName }));
      return client.call('contacts.confirmImport', { kind, rows });
    });
  }

  async function chooseFile(file: File | undefined) {
    if (!file) return;
    const content = await file.text();
    const as: ImportFormat = /\.(vcf|vcard)$/i.test(file.name) || /^\s*BEGIN:VCARD/i.test(content) ? 'vcard' : 'csv';
    setFileName(file.name);
    setFormat(as);
    setText(content);
    await runPreview(content, as);
  }

  const ready = preview?.counts.valid ?? 0;
  const shown = preview?.rows.slice(0, 500) ?? [];
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface style={{ maxWidth: '1040px', width: '92vw' }} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Import {words.many}</DialogTitle>
          <DialogContent className={styles.form}>
            <div className={styles.toolbar}>
              <Button icon={<DocumentArrowUpRegular />} onClick={() => fileInput.current?.click()}>
                Choose a CSV or vCard file…
              </Button>
              <input
                ref={fileInput}
                type="file"
                accept=".csv,.vcf,.vcard,text/csv,text/vcard"
                hidden
                aria-label="File to import"
                onChange={(event) => void chooseFile(event.target.files?.[0])}
              />
              <span className={styles.muted}>{fileName ?? 'or paste the rows below'}</span>
            </div>
            <Field label="Format">
              <RadioGroup
                layout="horizontal"
                value={format}
                onChange={(_event, data) => {
                  setFormat(data.value as ImportFormat);
                  clearPreview();
                }}
              >
                <Radio value="csv" label="CSV" />
                <Radio value="vcard" label="vCard (.vcf)" />
              </RadioGroup>
            </Field>
            <Field
              label={format === 'csv' ? 'CSV rows' : 'vCards'}
              hint={
                format === 'csv'
                  ? 'Columns: first name, last name, email (several columns, or several addresses separated by ";"), phone, company. Nothing is saved until you import.'
                  : 'One or more cards from BEGIN:VCARD to END:VCARD, as Outlook, Apple Contacts or Google export them. Nothing is saved until you import.'
              }
            >
              <Textarea
                value={text}
                rows={5}
                placeholder={examples[format]}
                resize="vertical"
                onChange={(_event, data) => {
                  setText(data.value);
                  clearPreview();
                }}
              />
            </Field>
            <ImportPreviewMessages
              busy={busy}
              error={error}
              fileErrors={preview?.fileErrors}
              counts={preview && preview.rows.length > 0 ? preview.counts : undefined}
              ready={ready}
            />
            {preview && preview.rows.length > 0 && (
              <>
                <Table aria-label="Import preview" size="small">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell style={{ width: '64px' }}>{format === 'csv' ? 'Line' : 'Card'}</TableHeaderCell>
                      <TableHeaderCell style={{ width: '110px' }}>Status</TableHeaderCell>
                      <TableHeaderCell>Name</TableHeaderCell>
                      <TableHeaderCell>Email</TableHeaderCell>
                      <TableHeaderCell>Company</TableHeaderCell>
                      <TableHeaderCell>Problems</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {shown.map((row) => (
                      <TableRow key={row.row}>
                        <TableCell>{row.row}</TableCell>
                        <TableCell>
                          <Badge appearance="tint" color={statusBadge[row.status][0]}>
                            {statusBadge[row.status][1]}
                          </Badge>
                        </TableCell>
                        <TableCell>{[row.firstName, row.lastName].filter(Boolean).join(' ')}</TableCell>
                        <TableCell>{row.emails.join(', ')}</TableCell>
                        <TableCell>{row.accountName}</TableCell>
                        <TableCell>{row.issues.map((issue) => `${issue.field}: ${issue.message}`).join(' ')}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {preview.rows.length > shown.length && (
                  <span className={styles.muted}>
                    The first {shown.length} of {preview.rows.length} rows are shown; the counts above cover them all.
                  </span>
                )}
              </>
            )}
            {result && <ImportResultMessage created={result.created} failed={result.failed} noun={words} />}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {result ? 'Close' : 'Cancel'}
            </Button>
            <Button disabled={!text.trim() || busy !== undefined} onClick={() => void runPreview(text, format)}>
              Preview
            </Button>
            <Button appearance="primary" disabled={ready === 0 || busy !== undefined} onClick={() => void runImport()}>
              Import {ready} {ready === 1 ? words.one : words.many}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
