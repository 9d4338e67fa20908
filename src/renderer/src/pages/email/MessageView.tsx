import { Badge, Body1, Button, Caption1, Card, MessageBar, MessageBarBody, Spinner, Subtitle2 } from '@fluentui/react-components';
import {
  ArrowReplyRegular,
  BuildingRegular,
  ContactCardRegular,
  ImageRegular,
  PersonRegular,
  PersonStarRegular,
} from '@fluentui/react-icons';
import { useState, type ReactElement } from 'react';
import type { EmailMessage, LinkedRecord } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerQuery } from '../../state/serverState';
import { useEmailStyles } from './emailStyles';
import { useConsoleTimeZone } from '../../format/dateTime';
import { formatWhen } from './MessageList';
import { SafeHtmlFrame } from './SafeHtmlFrame';

const linkIcons: Record<LinkedRecord['kind'], ReactElement> = {
  user: <PersonRegular />,
  contact: <ContactCardRegular />,
  lead: <PersonStarRegular />,
  company: <BuildingRegular />,
};

const addresses = (list: EmailMessage['to']) =>
  list.map((entry) => (entry.name ? `${entry.name} <${entry.address}>` : entry.address)).join(', ');

function kilobytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One message: its headers, the records it is linked to, its body shown safely, attachments, Reply. */
export function MessageView({ id, onReply }: { id: number; onReply(message: EmailMessage): void }) {
  const styles = useEmailStyles();
  const timeZone = useConsoleTimeZone();
  const [remote, setRemote] = useState(false);
  // Mounted once per message (keyed by id); showing remote images keeps the message until the new answer comes.
  const read = useServerQuery(queryKeys.emailMessage(id, remote), (client) => client.call('email.get', { id, showRemoteImages: remote }), {
    keepPreviousData: true,
  });
  const message = read.data;

  if (read.error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>The message could not be read: {read.error.message}</MessageBarBody>
      </MessageBar>
    );
  if (!message) return <Spinner size="small" label="Opening the message…" />;
  return (
    <Card className={styles.view} aria-label={`Message: ${message.subject || '(no subject)'}`} data-testid="email-view">
      <div className={styles.toolbar}>
        <Subtitle2 as="h2">{message.subject || '(no subject)'}</Subtitle2>
        <span className={styles.spacer} />
        <Button appearance="primary" icon={<ArrowReplyRegular />} onClick={() => onReply(message)}>
          Reply
        </Button>
      </div>
      <div className={styles.headerGrid}>
        <Caption1 className={styles.muted}>From</Caption1>
        <Body1>{addresses([message.from])}</Body1>
        <Caption1 className={styles.muted}>To</Caption1>
        <Body1>{addresses(message.to) || '—'}</Body1>
        {message.cc.length > 0 && (
          <>
            <Caption1 className={styles.muted}>Cc</Caption1>
            <Body1>{addresses(message.cc)}</Body1>
          </>
        )}
        <Caption1 className={styles.muted}>Date</Caption1>
        <Body1>{formatWhen(message.sentAt, timeZone, { label: true })}</Body1>
        <Caption1 className={styles.muted}>Mailbox</Caption1>
        <Body1>
          {message.accountAddress} › {message.folder}
        </Body1>
      </div>
      <div className={styles.chips} aria-label="Linked records" data-testid="email-links">
        {message.links.length === 0 ? (
          <Caption1 className={styles.muted}>No user, contact, lead or company has these addresses.</Caption1>
        ) : (
          message.links.map((link) => (
            <Badge
              key={`${link.kind}-${link.id}`}
              appearance="tint"
              color={link.kind === 'company' ? 'informative' : 'brand'}
              icon={linkIcons[link.kind]}
              title={`Linked by ${link.via}`}
            >
              {`${link.kind[0].toUpperCase()}${link.kind.slice(1)}: ${link.name}`}
            </Badge>
          ))
        )}
      </div>
      {message.skippedReason && (
        <MessageBar intent="warning">
          <MessageBarBody>{message.skippedReason} Its envelope is kept; open it in Outlook to read it.</MessageBarBody>
        </MessageBar>
      )}
      {message.remoteImagesBlocked > 0 && (
        <MessageBar intent="info">
          <MessageBarBody>
            {message.remoteImagesBlocked} remote {message.remoteImagesBlocked === 1 ? 'image was' : 'images were'} not loaded: they tell the
            sender the mail was read.{' '}
            {!remote && (
              <Button size="small" icon={<ImageRegular />} onClick={() => setRemote(true)}>
                Show remote images
              </Button>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      {message.safeHtml !== null ? (
        <SafeHtmlFrame html={message.safeHtml} title={`Body of ${message.subject || 'the message'}`} />
      ) : message.text !== null ? (
        <pre className={styles.text} data-testid="email-text">
          {message.text}
        </pre>
      ) : null}
      {message.attachments.length > 0 && (
        <div className={styles.chips} aria-label="Attachments">
          {message.attachments.map((attachment) => (
            <Badge
              key={attachment.id}
              appearance="outline"
              color={attachment.skippedReason ? 'warning' : 'subtle'}
              title={attachment.skippedReason ?? attachment.contentType}
            >
              {`${attachment.fileName} (${kilobytes(attachment.size)})${attachment.skippedReason ? ' — not kept' : ''}`}
            </Badge>
          ))}
        </div>
      )}
    </Card>
  );
}
