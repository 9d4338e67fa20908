import {
  Badge,
  Body1,
  Caption1,
  Card,
  CardHeader,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircleFilled, DismissCircleFilled, QuestionCircleRegular } from '@fluentui/react-icons';
import { scopeLabels, type ScopeAccess, type WorkspaceUser } from '../../../../shared/contract';
import { useAccessOverviewQuery, useAccessStore, useEffectiveAccessQuery } from './accessStore';
import { useAccessStyles } from './accessStyles';

const useStyles = makeStyles({
  scopes: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalM },
  scopeCard: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  granted: { color: tokens.colorPaletteGreenForeground1, fontSize: '20px', flexShrink: 0 },
  denied: { color: tokens.colorPaletteRedForeground1, fontSize: '20px', flexShrink: 0 },
  answers: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  question: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  picker: { maxWidth: '420px' },
});

const noUsers: readonly WorkspaceUser[] = [];

function sourceBadge(access: ScopeAccess) {
  if (access.source === 'administrator')
    return (
      <Badge appearance="tint" color="important">
        Administrator
      </Badge>
    );
  if (access.source === 'deactivated')
    return (
      <Badge appearance="tint" color="subtle">
        User deactivated
      </Badge>
    );
  if (access.source === 'none')
    return (
      <Badge appearance="tint" color="danger">
        No role grants it
      </Badge>
    );
  return (
    <Badge appearance="tint" color="success">
      Granted by {access.grantedBy.map((role) => role.name).join(', ')}
    </Badge>
  );
}

/** For one user: each scope, whether they have it and which role grants it, and the guide's troubleshooting answers. */
export function EffectiveAccessPanel() {
  const styles = useStyles();
  const shared = useAccessStyles();
  const users = useAccessOverviewQuery().data?.users ?? noUsers;
  const selectedUserId = useAccessStore((state) => state.selectedUserId);
  const showAccessOf = useAccessStore((state) => state.showAccessOf);
  // A user no longer in the workspace is no longer explained.
  const selected = users.find((user) => user.id === selectedUserId);
  const effectiveAccess = useEffectiveAccessQuery(selected?.id);
  const effective = effectiveAccess.data;

  return (
    <section className={shared.panel} aria-label="Effective access">
      <Field
        label="User"
        className={styles.picker}
        hint="Whose access to explain: the answer to “a user doesn't have the External Accounts button” or “no Outlook services are available”."
      >
        <Dropdown
          placeholder={users.length === 0 ? 'No users yet' : 'Choose a user'}
          value={selected ? `${selected.name} <${selected.email}>` : ''}
          selectedOptions={selected ? [String(selected.id)] : []}
          onOptionSelect={(_event, data) => showAccessOf(data.optionValue ? Number(data.optionValue) : undefined)}
        >
          {users.map((user) => (
            <Option key={user.id} value={String(user.id)} text={`${user.name} <${user.email}>`}>
              {user.name} &lt;{user.email}&gt;{user.active ? '' : ' (deactivated)'}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {effectiveAccess.error && (
        <MessageBar intent="error">
          <MessageBarBody>The effective access could not be read: {effectiveAccess.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {effective && effective.user.id === selected?.id && (
        <>
          <Body1>
            {effective.user.name} is {effective.user.type === 'administrator' ? 'an administrator' : 'a regular user'}
            {effective.user.active ? '' : ' (deactivated)'} with{' '}
            {effective.roles.length === 0
              ? 'no role'
              : `the role${effective.roles.length > 1 ? 's' : ''} ${effective.roles.map((role) => role.name).join(', ')}`}
            .
          </Body1>
          <div className={styles.scopes} role="list" aria-label={`Scopes of ${effective.user.name}`}>
            {effective.scopes.map((access) => (
              <Card
                key={access.scope}
                role="listitem"
                aria-label={`${scopeLabels[access.scope]}: ${access.granted ? 'granted' : 'not granted'}`}
                className={styles.scopeCard}
              >
                <CardHeader
                  image={
                    access.granted ? (
                      <CheckmarkCircleFilled className={styles.granted} />
                    ) : (
                      <DismissCircleFilled className={styles.denied} />
                    )
                  }
                  header={<Subtitle2>{scopeLabels[access.scope]}</Subtitle2>}
                  description={<Caption1>{access.granted ? 'Granted' : 'Not granted'}</Caption1>}
                />
                <div>{sourceBadge(access)}</div>
                <Text>{access.explanation}</Text>
              </Card>
            ))}
          </div>
          <Card>
            <CardHeader header={<Subtitle2>Troubleshooting</Subtitle2>} />
            <div className={styles.answers}>
              {effective.troubleshooting.map((entry) => (
                <div key={entry.question} className={styles.question}>
                  {entry.ok ? <CheckmarkCircleFilled className={styles.granted} /> : <QuestionCircleRegular className={styles.denied} />}
                  <div>
                    <Text weight="semibold" block>
                      {entry.question}
                    </Text>
                    <Text block>{entry.answer}</Text>
                  </div>
                </div>
              ))}
            </div>
          </Card>
        </>
      )}
    </section>
  );
}
