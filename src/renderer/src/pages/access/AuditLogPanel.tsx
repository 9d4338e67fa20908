import { Card, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { ArrowRightRegular } from '@fluentui/react-icons';
import type { AuditEntry } from '../../../../shared/contract';
import { formatDateTime, useConsoleTimeZone } from '../../format/dateTime';
import { useAuditLogQuery } from './accessStore';
import { useAccessStyles } from './accessStyles';

const noEntries: readonly AuditEntry[] = [];

/** Who changed which role or user, when, and from what to what; newest first. */
export function AuditLogPanel() {
  const styles = useAccessStyles();
  const auditLog = useAuditLogQuery();
  const audit = auditLog.data ?? noEntries;
  const timeZone = useConsoleTimeZone();
  return (
    <section className={styles.panel} aria-label="Audit log">
      <Card className={styles.tableCard}>
        <Table aria-label="Audit log" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>When ({timeZone})</TableHeaderCell>
              <TableHeaderCell>Who</TableHeaderCell>
              <TableHeaderCell>What</TableHeaderCell>
              <TableHeaderCell>Change</TableHeaderCell>
              <TableHeaderCell>Old → new</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {audit.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell>
                  <time dateTime={entry.at}>{formatDateTime(entry.at, timeZone)}</time>
                </TableCell>
                <TableCell className={styles.wrapCell}>{entry.operator}</TableCell>
                <TableCell className={styles.wrapCell}>{entry.target}</TableCell>
                <TableCell className={styles.wrapCell}>{entry.change}</TableCell>
                <TableCell>
                  {entry.oldValue !== null && (
                    <>
                      <span className={styles.muted}>{entry.oldValue}</span> <ArrowRightRegular aria-label="to" />{' '}
                    </>
                  )}
                  {entry.newValue ?? <span className={styles.muted}>—</span>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {auditLog.data?.length === 0 && (
          <div className={styles.empty}>No changes yet. Every change of a role, a user or their roles appears here.</div>
        )}
      </Card>
    </section>
  );
}
