import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import type { ImportPreview } from '../../../../shared/contract';

const useStyles = makeStyles({
  scroll: {
    maxHeight: '320px',
    overflowY: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  issue: { color: tokens.colorPaletteRedForeground1 },
  duplicate: { color: tokens.colorPaletteMarigoldForeground2 },
  rowColumn: { width: '56px' },
  typeColumn: { width: '110px' },
  resultColumn: { width: '34%' },
});

const statusBadge = {
  valid: (
    <Badge appearance="tint" color="success">
      Will be imported
    </Badge>
  ),
  duplicate: (
    <Badge appearance="tint" color="warning">
      Duplicate
    </Badge>
  ),
  error: (
    <Badge appearance="tint" color="danger">
      Error
    </Badge>
  ),
};

/** Every row of the file and what the import will do with it, with the field at fault and why. */
export function ImportPreviewTable({ preview }: { preview: ImportPreview }) {
  const styles = useStyles();
  return (
    <div className={styles.scroll}>
      <Table size="small" aria-label="Import preview">
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.rowColumn}>Row</TableHeaderCell>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Email</TableHeaderCell>
            <TableHeaderCell className={styles.typeColumn}>Type</TableHeaderCell>
            <TableHeaderCell>Roles</TableHeaderCell>
            <TableHeaderCell className={styles.resultColumn}>Result</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {preview.rows.map((row) => (
            <TableRow key={row.row}>
              <TableCell>{row.row}</TableCell>
              <TableCell>{row.name}</TableCell>
              <TableCell>{row.email}</TableCell>
              <TableCell>{row.type}</TableCell>
              <TableCell>{row.roleNames.join(', ')}</TableCell>
              <TableCell>
                {statusBadge[row.status]}
                {row.issues.map((issue, index) => (
                  <div key={index} className={row.status === 'duplicate' ? styles.duplicate : styles.issue}>
                    {issue.field}: {issue.message}
                  </div>
                ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
