import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { KeyMultipleRegular, ShieldCheckmarkRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { CredentialsTest } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';
import { SectionCard } from './SectionCard';

const titles: Record<CredentialsTest['outcome'], string> = {
  valid: 'The credentials work',
  wrongSecret: 'Wrong client secret',
  expiredSecret: 'The client secret has expired',
  wrongTenant: 'Wrong tenant',
  wrongClientId: 'Wrong Client ID',
  unreachable: 'Microsoft’s sign-in host cannot be reached',
  notReady: 'Nothing to test yet',
  refused: 'Microsoft refused',
};

/**
 * Asks Microsoft for an app token with the *saved* Client ID, tenant and secret, so a wrong secret
 * (the pasted Secret ID) shows now rather than at the first user's Connect.
 */
export function CredentialsTestCard({ client, unsaved }: { client: ContractClient | undefined; unsaved: boolean }) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<CredentialsTest>();
  const [error, setError] = useState<string>();
  const test = async () => {
    if (!client) return;
    setTesting(true);
    setError(undefined);
    try {
      setResult(await client.call('integration.testCredentials'));
    } catch (failure) {
      setResult(undefined);
      setError(`The test could not run: ${(failure as Error).message}`);
    } finally {
      setTesting(false);
    }
  };
  return (
    <SectionCard
      title="Test the credentials"
      labelId="credentials-test-title"
      icon={<KeyMultipleRegular />}
      description="Asks Microsoft for an app token with the saved Client ID, tenant and secret: nobody signs in."
    >
      <div>
        <Button
          icon={testing ? <Spinner size="tiny" /> : <ShieldCheckmarkRegular />}
          disabled={testing || !client}
          onClick={() => void test()}
        >
          Test the credentials
        </Button>
      </div>
      {unsaved && !result && <MessageBarWithText intent="info" text="The test uses the saved settings: save your changes first." />}
      <div aria-live="polite" data-testid="credentials-test">
        {result && (
          <MessageBar
            intent={result.outcome === 'valid' ? 'success' : result.outcome === 'notReady' ? 'warning' : 'error'}
            layout="multiline"
          >
            <MessageBarBody>
              <MessageBarTitle>{titles[result.outcome]}</MessageBarTitle>
              {result.explanation} {result.fix}
            </MessageBarBody>
          </MessageBar>
        )}
        {error && <MessageBarWithText intent="error" text={error} />}
      </div>
    </SectionCard>
  );
}

function MessageBarWithText({ intent, text }: { intent: 'info' | 'error'; text: string }) {
  return (
    <MessageBar intent={intent} layout="multiline">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
}
