import { makeStyles, tokens } from '@fluentui/react-components';
import { CopyButton } from './CopyButton';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    fontFamily: tokens.fontFamilyMonospace,
  },
  value: { flexGrow: 1, userSelect: 'all', overflowWrap: 'anywhere' },
});

/** A value to paste elsewhere exactly (a redirect URI, a command): shown in full, one click to copy. */
export function CopyableCode({ value, copyLabel, testId }: { value: string; copyLabel: string; testId?: string }) {
  const styles = useStyles();
  return (
    <div className={styles.box}>
      <span className={styles.value} data-testid={testId}>
        {value}
      </span>
      <CopyButton value={value} label={copyLabel} />
    </div>
  );
}
