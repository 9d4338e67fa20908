import { Badge, Body1, Caption1 } from '@fluentui/react-components';
import type { EmailCheckReport } from '../../../../shared/contract';
import { useEmailStyles } from './emailStyles';

const statusWords = { pass: 'OK', fail: 'Problem', skipped: 'Skipped' } as const;
const statusColors = { pass: 'success', fail: 'danger', skipped: 'subtle' } as const;

/** Test connection's or Send test email's steps, each in words with the fix when it failed. */
export function CheckReportView({ report, label }: { report: EmailCheckReport; label: string }) {
  const styles = useEmailStyles();
  return (
    <ul className={styles.steps} aria-label={label} data-testid="email-check-report">
      {report.steps.map((step) => (
        <li key={step.step}>
          <Badge appearance="filled" color={statusColors[step.status]}>
            {statusWords[step.status]}
          </Badge>{' '}
          <strong>{step.step}:</strong> <Body1>{step.message}</Body1>
          {step.fix && <Caption1 block>Fix: {step.fix}</Caption1>}
        </li>
      ))}
    </ul>
  );
}
