import {
  FluentProvider,
  NavDrawer,
  NavDrawerBody,
  NavDrawerHeader,
  NavItem,
  Spinner,
  Subtitle1,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Suspense, useEffect } from 'react';
import { useHashLocation } from 'wouter/use-hash-location';
import { ConfirmDialog } from './components/ConfirmDialog';
import { useConsoleStore } from './state/consoleStore';
import { useAppInfo, useSettings } from './state/serverState';
import { pages } from './pages/pageRegistry';
import type { PageId } from './pages/pageIds';
import { StatusBar } from './shell/StatusBar';
import { ThemePicker } from './shell/ThemePicker';
import { Notices } from './shell/Notices';
import { ConnectionBanner } from './shell/ConnectionBanner';
import { resolveTheme, useOsPrefersDark } from './theme';

const useStyles = makeStyles({
  frame: { display: 'grid', gridTemplateColumns: 'auto 1fr', gridTemplateRows: '1fr auto', height: '100vh' },
  nav: { gridRow: '1 / 2', height: '100%' },
  main: {
    overflow: 'auto',
    padding: tokens.spacingHorizontalXXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    // A page taller than the window scrolls; without this its parts would shrink and overlap.
    '& > *': { flexShrink: 0 },
  },
  header: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalL },
  status: { gridColumn: '1 / 3' },
});

export function App() {
  const styles = useStyles();
  const page = useConsoleStore((state) => state.route.page);
  const goTo = useConsoleStore((state) => state.goTo);
  const preference = useSettings()?.appearance.theme ?? 'system';
  const { theme } = resolveTheme(preference, useOsPrefersDark());
  const current = pages.find((candidate) => candidate.id === page) ?? pages[0];
  // Nothing loaded and no console to load it from: the banner says why, not an endless spinner.
  const appInfo = useAppInfo();
  const unreachable = useConsoleStore(
    (state) => !appInfo && (state.connection.state === 'lost' || state.connection.state === 'staleToken'),
  );
  const unsavedChanges = useConsoleStore((state) => state.unsavedChanges);
  const pendingPageId = useConsoleStore((state) => state.pendingRoute?.page);
  const pendingPage = pages.find((candidate) => candidate.id === pendingPageId);
  const answerLeave = useConsoleStore((state) => state.answerLeave);
  // Only in a browser tab: in the desktop app a refused unload would silently cancel Quit.
  const inBrowser = appInfo?.mode === 'headless';
  useLeaveWarning(inBrowser && unsavedChanges !== undefined);
  useFollowAddress();

  // No layout class on the provider: Fluent copies its classes onto popup portals.
  return (
    <FluentProvider theme={theme}>
      <div className={styles.frame}>
        <NavDrawer
          open
          type="inline"
          className={styles.nav}
          selectedValue={current.id}
          onNavItemSelect={(_event, data) => goTo(data.value as PageId)}
          aria-label="Pages"
        >
          <NavDrawerHeader>
            <Subtitle1>Outlook Integration</Subtitle1>
          </NavDrawerHeader>
          <NavDrawerBody>
            {pages.map(({ id, title, icon: Icon }) => (
              <NavItem key={id} value={id} icon={<Icon />}>
                {title}
              </NavItem>
            ))}
          </NavDrawerBody>
        </NavDrawer>
        <main className={styles.main} aria-labelledby="page-title">
          <ConnectionBanner />
          <div className={styles.header}>
            <Title2 as="h1" id="page-title">
              {current.title}
            </Title2>
            <ThemePicker />
          </div>
          <Notices />
          {!unreachable && (
            <Suspense fallback={<Spinner label={`Loading ${current.title}…`} data-testid="page-loading" />}>{current.render()}</Suspense>
          )}
          {pendingPage && unsavedChanges && (
            <ConfirmDialog
              title="Leave without saving?"
              message={`${unsavedChanges} Going to ${pendingPage.title} loses them; Cancel stays here so you can save.`}
              confirmLabel="Leave without saving"
              onConfirm={() => answerLeave(true)}
              onClose={() => answerLeave(false)}
            />
          )}
        </main>
        <div className={styles.status}>
          <StatusBar />
        </div>
      </div>
    </FluentProvider>
  );
}

/**
 * The address is where the administrator is: wouter's hash location reports every change of it
 * (links, Back, Forward, a typed address), and the store shows that place or asks first.
 */
function useFollowAddress(): void {
  const [location] = useHashLocation();
  const locationChanged = useConsoleStore((state) => state.locationChanged);
  useEffect(() => locationChanged(location), [location, locationChanged]);
}

/** A reload or closing the window while changes are unsaved: the browser (or Electron) asks first. */
function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);
}
