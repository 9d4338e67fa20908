import { Button, Caption1, Card, CardHeader, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { CopyRegular, DismissRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { LogEntry } from '../../../../shared/contract';

const useStyles = makeStyles({
  json: {
    margin: 0,
    maxHeight: '240px',
    overflow: 'auto',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
});

export function EntryDetail({ entry, onClose }: { entry: LogEntry; onClose(): void }) {
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  const json = JSON.stringify(entry, null, 2);
  const copy = async () => {
    await navigator.clipboard.writeText(json);
    setCopied(true);
  };
  return (
    <Card appearance="outline" aria-label="Selected log entry">
      <CardHeader
        header={<Subtitle2>{entry.message || '(no message)'}</Subtitle2>}
        description={<Caption1>{`${entry.level.toUpperCase()} · ${entry.source}${entry.runId ? ` · run ${entry.runId}` : ''}`}</Caption1>}
        action={
          <>
            <Button icon={<CopyRegular />} onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy as JSON'}
            </Button>
            <Button icon={<DismissRegular />} appearance="transparent" aria-label="Close entry" onClick={onClose} />
          </>
        }
      />
      <pre className={styles.json} data-testid="log-entry-json">
        {json}
      </pre>
    </Card>
  );
}
