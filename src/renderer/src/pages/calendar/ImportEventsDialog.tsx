import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DocumentArrowUpRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { useImportFlow } from '../../components/useImportFlow';
import type { IcsImportPreview, WorkspaceUser } from '../../../../shared/contract';
import { useConsoleTimeZone } from '../../format/dateTime';
import { useConsoleStore } from '../../state/consoleStore';
import { describeWhen } from './calendarFormat';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Import from an .ics file in two steps: a preview of every event that writes nothing, then the import of those ready. */
export function ImportEventsDialog({
  users,
  defaultUserId,
  onClose,
}: {
  users: WorkspaceUser[];
  defaultUserId?: number;
  onClose: (created?: number) => void;
}) {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const timeZone = useConsoleTimeZone();
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState<string>();
  const [fileName, setFileName] = useState<string>();
  const [userId, setUserId] = useState<number | undefined>(defaultUserId);
  const { busy, preview, error, runPreview, runImport: confirm } = useImportFlow<IcsImportPreview, { created: number }>();

  async function chooseFile(file: File | undefined) {
    if (!client || !file) return;
    setFileName(file.name);
    await runPreview(async () => {
      const content = await file.text();
      setText(content);
      return client.call('calendar.previewIcsImport', { text: content });
    });
  }

  async function runImport() {
    if (!client || text === undefined) return;
    const done = await confirm(() => client.call('calendar.importIcs', { text, assignedUserId: userId ?? null }));
    if (done) onClose(done.created);
  }

  const ready = preview?.counts.ready ?? 0;
  const user = users.find((candidate) => candidate.id === userId);
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface style={{ maxWidth: '1040px', width: '92vw' }} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Import events from iCalendar</DialogTitle>
          <DialogContent className={styles.form}>
            <div className={styles.toolbar}>
              <Button icon={<DocumentArrowUpRegular />} onClick={() => fileInput.current?.click()}>
                Choose an .ics file…
              </Button>
              <input
                ref={fileInput}
                type="file"
                accept=".ics,text/calendar"
                hidden
                aria-label="iCalendar file to import"
                onChange={(event) => void chooseFile(event.target.files?.[0])}
              />
              <span className={styles.muted}>{fileName ?? 'Nothing is saved until you import.'}</span>
            </div>
            <Field label="Assigned user (the organiser)" hint="The imported events go to this user's Outlook calendar when they sync.">
              <Dropdown
                value={user?.name ?? 'Nobody'}
                selectedOptions={[String(userId ?? '')]}
                onOptionSelect={(_e, data) => setUserId(data.optionValue ? Number(data.optionValue) : undefined)}
              >
                <Option value="">Nobody</Option>
                {users.map((candidate) => (
                  <Option key={candidate.id} value={String(candidate.id)}>
                    {candidate.name}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            {busy && <Spinner size="tiny" label={busy === 'preview' ? 'Reading the events…' : 'Importing…'} />}
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
            {preview?.fileErrors.map((message) => (
              <MessageBar key={message} intent="error">
                <MessageBarBody>{message}</MessageBarBody>
              </MessageBar>
            ))}
            {preview && preview.items.length > 0 && (
              <>
                <MessageBar intent={preview.counts.error > 0 ? 'warning' : 'success'}>
                  <MessageBarBody>
                    <MessageBarTitle>Preview</MessageBarTitle>
                    {ready} ready to import, {preview.counts.error} with errors. Events with errors are skipped; fix them in the file and
                    import it again.
                  </MessageBarBody>
                </MessageBar>
                <Table aria-label="Import preview" size="small">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell style={{ width: '64px' }}>Event</TableHeaderCell>
                      <TableHeaderCell style={{ width: '110px' }}>Status</TableHeaderCell>
                      <TableHeaderCell>Name</TableHeaderCell>
                      <TableHeaderCell>When</TableHeaderCell>
                      <TableHeaderCell>Problems</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {preview.items.slice(0, 500).map((item) => (
                      <TableRow key={item.number} data-testid="import-row">
                        <TableCell>{item.number}</TableCell>
                        <TableCell>
                          <Badge appearance="tint" color={item.status === 'ready' ? 'success' : 'danger'}>
                            {item.status === 'ready' ? 'Ready' : 'Error'}
                          </Badge>
                        </TableCell>
                        <TableCell>{item.name}</TableCell>
                        <TableCell>
                          {item.start && item.end
                            ? `${describeWhen({ start: item.start, end: item.end, allDay: item.allDay }, timeZone)}${item.repeats ? ' (repeats)' : ''}`
                            : ''}
                        </TableCell>
                        <TableCell>{item.errors.join(' ')}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {preview.items.length > 500 && (
                  <span className={styles.muted}>
                    The first 500 of {preview.items.length} events are shown; the counts above cover them all.
                  </span>
                )}
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => onClose()}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={ready === 0 || busy !== undefined} onClick={() => void runImport()}>
              Import {ready} {ready === 1 ? 'event' : 'events'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
