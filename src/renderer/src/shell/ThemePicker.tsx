import { Dropdown, Label, Option, makeStyles, tokens, useId } from '@fluentui/react-components';
import { themePreferenceSchema, type ThemePreference } from '../../../shared/contract';
import { useConsoleStore } from '../state/consoleStore';
import { useSettings } from '../state/serverState';

const labels: Record<ThemePreference, string> = { system: 'Follow system', light: 'Light', dark: 'Dark' };
const useStyles = makeStyles({ row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS } });

export function ThemePicker() {
  const styles = useStyles();
  const id = useId('theme');
  const theme = useSettings()?.appearance.theme ?? 'system';
  const setTheme = useConsoleStore((state) => state.setTheme);
  return (
    <div className={styles.row}>
      <Label htmlFor={id}>Theme</Label>
      <Dropdown
        id={id}
        value={labels[theme]}
        selectedOptions={[theme]}
        onOptionSelect={(_event, data) => {
          const parsed = themePreferenceSchema.safeParse(data.optionValue);
          if (parsed.success) void setTheme(parsed.data);
        }}
      >
        {themePreferenceSchema.options.map((option) => (
          <Option key={option} value={option}>
            {labels[option]}
          </Option>
        ))}
      </Dropdown>
    </div>
  );
}
