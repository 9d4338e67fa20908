import { webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import { useSyncExternalStore } from 'react';
import type { ThemePreference } from '../../shared/contract';

const darkQuery = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(darkQuery);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** The OS preference, kept live so the console follows a switch to dark mode without a reload. */
export function useOsPrefersDark(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(darkQuery).matches);
}

export function resolveTheme(preference: ThemePreference, osPrefersDark: boolean): { theme: Theme; isDark: boolean } {
  const isDark = preference === 'dark' || (preference === 'system' && osPrefersDark);
  return { theme: isDark ? webDarkTheme : webLightTheme, isDark };
}
