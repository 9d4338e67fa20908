import { Body1, Button, Caption1, Card, CardHeader, Input, Label, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular, GlobeRegular } from '@fluentui/react-icons';
import { useEffect, useId, useState } from 'react';
import type { SignInAttempt } from '../../../../shared/contract';
import { ExplainErrorForm } from '../../components/ExplainErrorForm';
import { RemoteUseHint } from '../../components/RemoteUseHint';
import { useIntegrationView } from '../../state/serverState';
import { CopyButton } from '../../components/CopyButton';

const useStyles = makeStyles({
  card: { borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorBrandStroke1}` },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  url: { flexGrow: 1, fontFamily: tokens.fontFamilyMonospace },
  field: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground3 },
  cancel: { whiteSpace: 'nowrap', flexShrink: 0 },
});

function remaining(expiresAt: string, now: number): string {
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A sign-in waiting in the browser: the link is always shown to copy, whether or not a browser opened. */
export function SignInPanel({ attempt, userName, onCancel }: { attempt: SignInAttempt; userName: string; onCancel: () => void }) {
  const styles = useStyles();
  const inputId = useId();
  const [now, setNow] = useState(() => Date.now());
  const [explaining, setExplaining] = useState(false);
  const fixedPort = useIntegrationView()?.config.redirectPort ?? null;
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Card className={styles.card} aria-label={`Sign-in for ${userName}`} data-testid="sign-in-panel">
      <CardHeader
        image={<GlobeRegular fontSize={24} />}
        header={
          <Body1>
            <strong>Waiting for {userName} to sign in</strong>
          </Body1>
        }
        description={
          <Caption1 className={styles.muted}>
            {attempt.opened ? 'The sign-in page opened in the system browser.' : attempt.note} Time left:{' '}
            {remaining(attempt.expiresAt, now)}
          </Caption1>
        }
        action={
          <Button className={styles.cancel} icon={<DismissRegular />} onClick={onCancel}>
            Cancel sign-in
          </Button>
        }
      />
      <div className={styles.field}>
        <Label htmlFor={inputId}>Sign-in link</Label>
        <div className={styles.row}>
          <Input
            id={inputId}
            className={styles.url}
            readOnly
            value={attempt.url}
            data-testid="sign-in-url"
            onFocus={(event) => event.target.select()}
          />
          <CopyButton value={attempt.url} label="Copy sign-in link" />
        </div>
        <Caption1 className={styles.muted}>
          Open it in a browser on this machine: Microsoft sends the answer back to {attempt.redirectUri.replace('/oauth/callback', '')} (the
          console listens on 127.0.0.1 until the sign-in ends).
        </Caption1>
        <RemoteUseHint redirectPort={fixedPort} />
      </div>
      {explaining ? (
        <ExplainErrorForm />
      ) : (
        <div>
          <Button appearance="subtle" onClick={() => setExplaining(true)}>
            Microsoft showed an error instead?
          </Button>
        </div>
      )}
    </Card>
  );
}
