import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, ArrowSwapRegular, ArrowUploadRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import type { ConfigImportPreview, IntegrationView } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';
import { fieldErrorsFrom } from './fieldErrors';
import { SectionCard } from './SectionCard';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  hidden: { display: 'none' },
  value: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

/** Moves the configuration (never the secret) between machines; an import shows its changes first. */
export function ImportExportCard({
  client,
  onImported,
}: {
  client: ContractClient | undefined;
  onImported: (view: IntegrationView) => void;
}) {
  const styles = useStyles();
  const fileInput = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ json: string; preview: ConfigImportPreview }>();
  const [message, setMessage] = useState<{ intent: 'error' | 'success'; text: string }>();

  const exportConfig = async () => {
    if (!client) return;
    const { fileName, json } = await client.call('integration.exportConfig');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(link.href);
    setMessage({ intent: 'success', text: `Exported to ${fileName} (without the client secret).` });
  };

  const chooseFile = async (file: File | undefined) => {
    if (!client || !file) return;
    const json = await file.text();
    try {
      setPending({ json, preview: await client.call('integration.previewImport', { json }) });
      setMessage(undefined);
    } catch (error) {
      setMessage({ intent: 'error', text: `${file.name} cannot be imported. ${fieldErrorsFrom(error).summary}` });
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const apply = async () => {
    if (!client || !pending) return;
    try {
      const view = await client.call('integration.applyImport', { json: pending.json });
      onImported(view);
      setMessage({ intent: 'success', text: `Imported: ${pending.preview.changes.length} setting(s) changed.` });
    } catch (error) {
      setMessage({ intent: 'error', text: fieldErrorsFrom(error).summary });
    } finally {
      setPending(undefined);
    }
  };

  return (
    <SectionCard
      labelId="transfer-title"
      title="Import / export"
      icon={<ArrowSwapRegular fontSize={20} />}
      description="Move this configuration to another machine as JSON. The client secret never leaves: paste it again there."
    >
      <div className={styles.actions}>
        <Button icon={<ArrowDownloadRegular />} onClick={() => void exportConfig()}>
          Export configuration
        </Button>
        <Button icon={<ArrowUploadRegular />} onClick={() => fileInput.current?.click()}>
          Import configuration…
        </Button>
        <input
          ref={fileInput}
          className={styles.hidden}
          type="file"
          accept="application/json,.json"
          aria-label="Configuration file to import"
          onChange={(event) => void chooseFile(event.target.files?.[0])}
        />
      </div>
      {message && (
        <MessageBar intent={message.intent} layout="multiline">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <Dialog open={Boolean(pending)} onOpenChange={(_event, data) => !data.open && setPending(undefined)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Apply this configuration?</DialogTitle>
            <DialogContent>
              {pending?.preview.warnings.map((warning) => (
                <MessageBar key={warning} intent="warning" layout="multiline">
                  <MessageBarBody>{warning}</MessageBarBody>
                </MessageBar>
              ))}
              {pending && pending.preview.changes.length === 0 ? (
                <p>It is the same as the current configuration: nothing would change.</p>
              ) : (
                <Table size="small" aria-label="Changes the import makes">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Setting</TableHeaderCell>
                      <TableHeaderCell>Now</TableHeaderCell>
                      <TableHeaderCell>After import</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {pending?.preview.changes.map((change) => (
                      <TableRow key={change.field}>
                        <TableCell>{change.label}</TableCell>
                        <TableCell className={styles.value}>{change.from}</TableCell>
                        <TableCell className={styles.value}>{change.to}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setPending(undefined)}>Cancel</Button>
              <Button appearance="primary" disabled={pending?.preview.changes.length === 0} onClick={() => void apply()}>
                Apply changes
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </SectionCard>
  );
}
