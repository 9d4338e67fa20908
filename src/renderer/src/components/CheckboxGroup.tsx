import { Caption1, Checkbox, Label, makeStyles, tokens, useId } from '@fluentui/react-components';
import type { ReactNode } from 'react';

export type CheckboxOption = {
  key: string | number;
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
};

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  hint: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/**
 * A labelled group of checkboxes. Not a Fluent `Field`: a Field hands its one control id and its
 * label to every control inside it, so each checkbox would share an id (a click on one label ticks
 * another) and each would be named after the group instead of its own label.
 */
export function CheckboxGroup({
  label,
  hint,
  error,
  options,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  options: readonly CheckboxOption[];
  children?: ReactNode;
}) {
  const styles = useStyles();
  const labelId = useId('checkbox-group');
  const hintId = useId('checkbox-group-hint');
  const errorId = useId('checkbox-group-error');
  const baseId = useId('checkbox');
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div role="group" aria-labelledby={labelId} aria-describedby={describedBy} className={styles.group}>
      <Label id={labelId}>{label}</Label>
      {options.map((option) => (
        <Checkbox
          key={option.key}
          id={`${baseId}-${option.key}`}
          label={option.label}
          checked={option.checked}
          disabled={option.disabled}
          onChange={(_event, data) => option.onChange(data.checked === true)}
        />
      ))}
      {children}
      {error && (
        <Caption1 id={errorId} role="alert" className={styles.error}>
          {error}
        </Caption1>
      )}
      {hint && (
        <Caption1 id={hintId} className={styles.hint}>
          {hint}
        </Caption1>
      )}
    </div>
  );
}
