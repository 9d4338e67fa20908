import { Body1, Card, CardHeader, Subtitle2 } from '@fluentui/react-components';

/** Said plainly on a page whose feature has not landed, rather than showing controls that do nothing. */
export function NotBuiltYet({ what }: { what: string }) {
  return (
    <Card appearance="outline" role="status" aria-label="Not built yet">
      <CardHeader header={<Subtitle2>Not built yet</Subtitle2>} />
      <Body1>{what} This page arrives with its feature; nothing here is configured yet.</Body1>
    </Card>
  );
}
