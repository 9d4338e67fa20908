import { Body1, Caption1, Card, CardHeader, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  header: { fontWeight: tokens.fontWeightSemibold },
});

/** One titled block of the page, with a short line on what it is for. */
export function SectionCard({
  title,
  description,
  icon,
  action,
  children,
  labelId,
}: {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  labelId: string;
}) {
  const styles = useStyles();
  return (
    <Card className={styles.card} role="region" aria-labelledby={labelId}>
      <CardHeader
        image={icon as never}
        header={
          <Body1 as="h2" id={labelId} className={styles.header}>
            {title}
          </Body1>
        }
        description={description ? <Caption1>{description}</Caption1> : undefined}
        action={action as never}
      />
      <div className={styles.body}>{children}</div>
    </Card>
  );
}
