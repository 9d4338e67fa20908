import { Button, Card, CardHeader, Field, Input, Spinner, Subtitle2, Body1, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { ContractError } from '../../../../shared/contract';
import { useConsoleStore } from '../../state/consoleStore';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-end', flexWrap: 'wrap' },
});

function isoDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The zip support asks for: the period's logs, settings without secrets, versions, a manifest. */
export function ExportBundleCard() {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const today = new Date();
  const weekAgo = new Date(today.getTime() - 6 * 24 * 60 * 60 * 1000);
  const [from, setFrom] = useState(isoDay(weekAgo));
  const [to, setTo] = useState(isoDay(today));
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<{ field: string; message: string }>();
  const [result, setResult] = useState<string>();

  const exportBundle = async () => {
    if (!client) return;
    setBusy(true);
    setFieldError(undefined);
    setResult(undefined);
    try {
      const bundle = await client.call('log.exportBundle', { from, to });
      const size = `${Math.max(1, Math.round(bundle.bytes / 1024))} KB`;
      if (bundle.delivery.kind === 'download') {
        await client.saveDownload(bundle.delivery.url, bundle.fileName);
        setResult(`Downloaded ${bundle.fileName} (${size}).`);
      } else if (bundle.delivery.kind === 'saved') {
        setResult(`Saved ${bundle.delivery.path} (${size}).`);
      } else {
        setResult('Export cancelled.');
      }
    } catch (error) {
      if (error instanceof ContractError && error.issues[0]) setFieldError(error.issues[0]);
      else setResult(`The bundle could not be exported: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const errorFor = (field: string) => (fieldError?.field === field ? fieldError.message : undefined);
  return (
    <Card appearance="outline">
      <CardHeader
        header={<Subtitle2>Export log bundle</Subtitle2>}
        description={
          <Body1>
            A .zip for support: the log files of the period, the settings without secrets, versions and a manifest. Secrets and tokens are
            removed.
          </Body1>
        }
      />
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          void exportBundle();
        }}
      >
        <Field label="From" validationMessage={errorFor('from')} validationState={errorFor('from') ? 'error' : 'none'}>
          <Input type="date" value={from} onChange={(_event, data) => setFrom(data.value)} />
        </Field>
        <Field label="To" validationMessage={errorFor('to')} validationState={errorFor('to') ? 'error' : 'none'}>
          <Input type="date" value={to} onChange={(_event, data) => setTo(data.value)} />
        </Field>
        <Button type="submit" appearance="primary" icon={busy ? <Spinner size="tiny" /> : <ArrowDownloadRegular />} disabled={busy}>
          {busy ? 'Exporting…' : 'Export log bundle'}
        </Button>
        <span role="status" aria-live="polite">
          {result}
        </span>
      </form>
    </Card>
  );
}
