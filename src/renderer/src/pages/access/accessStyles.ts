import { makeStyles, tokens } from '@fluentui/react-components';

/** Styles shared by the Access control page's panels, so they look like one tool. */
export const useAccessStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingTop: tokens.spacingVerticalM },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  spacer: { flexGrow: 1 },
  hint: { color: tokens.colorNeutralForeground3 },
  tableCard: { padding: 0, overflowX: 'auto' },
  scopeCell: { minWidth: '150px' },
  members: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, justifyContent: 'flex-end' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  empty: { padding: tokens.spacingVerticalL, color: tokens.colorNeutralForeground3, textAlign: 'center' },
  muted: { color: tokens.colorNeutralForeground3 },
  nameCell: { fontWeight: tokens.fontWeightSemibold },
  /** Addresses and names have no spaces to wrap at: break anywhere rather than run into the next column. */
  wrapCell: { overflowWrap: 'anywhere' },
});
