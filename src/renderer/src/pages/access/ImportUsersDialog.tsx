import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Textarea,
} from '@fluentui/react-components';
import { DocumentArrowUpRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import type { ImportPreview, ImportResult } from '../../../../shared/contract';
import { ImportPreviewMessages, ImportResultMessage } from '../../components/ImportMessages';
import { useImportFlow } from '../../components/useImportFlow';
import { useConsoleStore } from '../../state/consoleStore';
import { ImportPreviewTable } from './ImportPreviewTable';
import { useAccessStyles } from './accessStyles';

const example =
  'name,email,type,roles\nAnn Lee,ann.lee@example.com,regular,Sales\nBo Chen,bo.chen@example.com,administrator,Sales; Support';

/** CSV import in two steps: a preview that writes nothing, then the import of the valid rows. */
export function ImportUsersDialog({ onClose }: { onClose: () => void }) {
  const styles = useAccessStyles();
  // One-shot calls: the preview writes nothing, and the import's `access.changed` refreshes the page.
  const client = useConsoleStore((state) => state.client);
  const fileInput = useRef<HTMLInputElement>(null);
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string>();
  const {
    busy,
    preview,
    result,
    error,
    runPreview: check,
    runImport: confirm,
    clearPreview,
  } = useImportFlow<ImportPreview, ImportResult>();

  async function runPreview(text: string) {
    if (client) await check(() => client.call('access.previewImport', { csv: text }));
  }

  async function runImport() {
    if (!client) return;
    await confirm((checked) => {
      const rows = checked.rows
        .filter((row) => row.status === 'valid')
        .map(({ row, name, email, type, roleNames }) => ({ row, name, email, type, roleNames }));
      return client.call('access.confirmImport', { rows });
    });
  }

  async function chooseFile(file: File | undefined) {
    if (!file) return;
    const text = await file.text();
    setFileName(file.name);
    setCsv(text);
    await runPreview(text);
  }

  const valid = preview?.counts.valid ?? 0;
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface style={{ maxWidth: '960px', width: '90vw' }} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Import users from CSV</DialogTitle>
          <DialogContent className={styles.form}>
            <div className={styles.toolbar}>
              <Button icon={<DocumentArrowUpRegular />} onClick={() => fileInput.current?.click()}>
                Choose a CSV file…
              </Button>
              <input
                ref={fileInput}
                type="file"
                accept=".csv,text/csv"
                hidden
                aria-label="CSV file"
                onChange={(event) => void chooseFile(event.target.files?.[0])}
              />
              <span className={styles.muted}>{fileName ?? 'or paste the rows below'}</span>
            </div>
            <Field
              label="CSV rows"
              hint='Columns: name, email, and optionally type (regular or administrator) and roles (names separated by ";"). Nothing is saved until you import.'
            >
              <Textarea
                value={csv}
                rows={5}
                placeholder={example}
                onChange={(_event, data) => {
                  setCsv(data.value);
                  clearPreview();
                }}
                resize="vertical"
              />
            </Field>
            <ImportPreviewMessages
              busy={busy}
              error={error}
              fileErrors={preview?.fileErrors}
              counts={preview && preview.rows.length > 0 ? preview.counts : undefined}
              ready={valid}
            />
            {preview && preview.rows.length > 0 && (
              <>
                <ImportPreviewTable preview={preview} />
              </>
            )}
            {result && (
              <ImportResultMessage
                created={result.created}
                failed={result.failed.map((failure) => ({ row: failure.row, label: failure.email, reason: failure.reason }))}
                noun={{ one: 'user', many: 'users' }}
              />
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {result ? 'Close' : 'Cancel'}
            </Button>
            <Button disabled={!csv.trim() || busy !== undefined} onClick={() => void runPreview(csv)}>
              Preview
            </Button>
            <Button appearance="primary" disabled={valid === 0 || busy !== undefined} onClick={() => void runImport()}>
              Import {valid} user{valid === 1 ? '' : 's'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
