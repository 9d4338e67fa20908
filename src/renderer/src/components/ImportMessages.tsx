import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';

type Counts = { error: number; duplicate: number };
type Failure = { row: number; reason: string; label?: string };

/** What every import dialog says while it checks a file: progress, file-level errors, and the preview's counts. */
export function ImportPreviewMessages(props: {
  busy?: 'preview' | 'import';
  error?: string;
  fileErrors?: readonly string[];
  counts?: Counts;
  ready: number;
}) {
  const { busy, error, fileErrors, counts, ready } = props;
  return (
    <>
      {busy && <Spinner size="tiny" label={busy === 'preview' ? 'Checking the rows…' : 'Importing…'} />}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {fileErrors?.map((message) => (
        <MessageBar key={message} intent="error">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      ))}
      {counts && (
        <MessageBar intent={counts.error + counts.duplicate > 0 ? 'warning' : 'success'}>
          <MessageBarBody>
            <MessageBarTitle>Preview</MessageBarTitle>
            {ready} ready to import, {counts.duplicate} duplicate{counts.duplicate === 1 ? '' : 's'}, {counts.error} with errors. Rows with
            errors or duplicates are skipped; fix them in the file and import it again.
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

/** The outcome of an import: how many were created, and each row that was not, with why. */
export function ImportResultMessage({
  created,
  failed,
  noun,
}: {
  created: number;
  failed: readonly Failure[];
  noun: { one: string; many: string };
}) {
  return (
    <MessageBar intent={failed.length > 0 ? 'warning' : 'success'} aria-live="polite">
      <MessageBarBody>
        <MessageBarTitle>
          Imported {created} {created === 1 ? noun.one : noun.many}
        </MessageBarTitle>
        {failed.length > 0 && ` ${failed.length} not imported: `}
        {failed.map((failure) => `row ${failure.row}${failure.label ? ` (${failure.label})` : ''}: ${failure.reason}`).join(' ')}
      </MessageBarBody>
    </MessageBar>
  );
}
