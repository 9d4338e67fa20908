import { Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { QuestionCircleRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import type { ExplainedError } from '../../../shared/contract';
import { useConsoleStore } from '../state/consoleStore';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

/** Paste what Microsoft's page (or a log line) said; the console answers in the same words it uses everywhere. */
export function ExplainErrorForm({ label = 'Error Microsoft showed' }: { label?: string }) {
  const styles = useStyles();
  const client = useConsoleStore((state) => state.client);
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<ExplainedError>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function explain(event: FormEvent) {
    event.preventDefault();
    if (!client) return;
    setBusy(true);
    setProblem(undefined);
    try {
      setAnswer(await client.call('diagnostics.explainError', { text }));
    } catch (failure) {
      setAnswer(undefined);
      setProblem((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={(event) => void explain(event)} aria-label="Explain an error">
      <Field
        label={label}
        hint="For example: AADSTS50011: The redirect URI … specified in the request does not match …"
        validationMessage={problem}
      >
        <Textarea value={text} resize="vertical" onChange={(_event, data) => setText(data.value)} />
      </Field>
      <div className={styles.actions}>
        <Button type="submit" icon={<QuestionCircleRegular />} disabled={busy}>
          Explain
        </Button>
      </div>
      {answer && (
        <MessageBar intent={answer.recognised ? 'warning' : 'info'} layout="multiline" aria-live="polite">
          <MessageBarBody>
            <MessageBarTitle>{answer.code === 'unknown' ? 'Not recognised' : answer.code}</MessageBarTitle>
            {answer.explanation} <strong>Fix:</strong> {answer.fix}
          </MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}
