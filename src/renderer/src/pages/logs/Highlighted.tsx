import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({ mark: { backgroundColor: tokens.colorPaletteYellowBackground3, color: 'inherit' } });

/** The text with every case-insensitive occurrence of `query` marked. */
export function Highlighted({ text, query }: { text: string; query: string }) {
  const styles = useStyles();
  if (!query) return <>{text}</>;
  const lower = text.toLowerCase();
  const parts: React.ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(query); at !== -1; at = lower.indexOf(query, from)) {
    parts.push(
      text.slice(from, at),
      <mark key={at} className={styles.mark}>
        {text.slice(at, at + query.length)}
      </mark>,
    );
    from = at + query.length;
  }
  parts.push(text.slice(from));
  return <>{parts}</>;
}
