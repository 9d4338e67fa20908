import { useState } from 'react';
import type { ChannelInput, IntegrationConfig, IntegrationView } from '../../../../shared/contract';
import { defaultSecretExpiry } from '../../../../shared/integration/secretChecks';
import type { ContractClient } from '../../client/contractClient';
import { useServerMutation } from '../../state/serverState';
import { fieldErrorsFrom, type FieldErrors } from './fieldErrors';

export type SecretDraft = { value: string; expiresOn: string; storage: 'vault' | 'memory' | undefined };

export type SaveOutcome = { kind: 'saved'; at: Date } | { kind: 'failed'; summary: string } | undefined;

/** The page's editable copy of the configuration, the new secret, and the save that validates both. */
export function useIntegrationForm(client: ContractClient | undefined, view: IntegrationView, onSaved: (view: IntegrationView) => void) {
  const [config, setConfig] = useState<IntegrationConfig>(view.config);
  const [redirectPortText, setRedirectPortText] = useState(view.config.redirectPort?.toString() ?? '');
  const [secret, setSecret] = useState<SecretDraft>({ value: '', expiresOn: defaultSecretExpiry(new Date()), storage: undefined });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<SaveOutcome>();

  // Editing a field clears its message: it described the value that was there before.
  const clearErrors = (changed: (key: string) => boolean) =>
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !changed(key))));
  const update = (patch: Partial<IntegrationConfig>) => {
    setConfig((current) => ({ ...current, ...patch }));
    clearErrors((key) => Object.keys(patch).some((field) => key === field || key.startsWith(`${field}.`)));
  };
  const editSecret = (next: SecretDraft) => {
    setSecret(next);
    clearErrors((key) => key.startsWith('secret') || (key === 'secretStorage' && next.storage !== undefined));
  };
  const editRedirectPort = (text: string) => {
    setRedirectPortText(text);
    clearErrors((key) => key === 'redirectPort');
  };

  const unsaved =
    JSON.stringify(config) !== JSON.stringify(view.config) ||
    redirectPortText.trim() !== (view.config.redirectPort?.toString() ?? '') ||
    secret.value.trim() !== '';

  /** After an import or another change from outside the form, start again from what is saved. */
  const reset = (next: IntegrationView) => {
    setConfig(next.config);
    setRedirectPortText(next.config.redirectPort?.toString() ?? '');
    setErrors({});
  };

  const saving = useServerMutation((client, input: ChannelInput<'integration.save'>) => client.call('integration.save', input), {
    onSuccess: (saved) => {
      setErrors({});
      setSecret((current) => ({ ...current, value: '' }));
      reset(saved);
      onSaved(saved);
      setOutcome({ kind: 'saved', at: new Date() });
    },
    onError: (error) => {
      const { fields, summary } = fieldErrorsFrom(error);
      setErrors(fields);
      setOutcome({ kind: 'failed', summary: `Nothing was saved. ${summary}` });
    },
  });

  async function save(): Promise<void> {
    if (!client) return;
    const portText = redirectPortText.trim();
    const redirectPort = portText === '' ? null : Number(portText);
    if (redirectPort !== null && !Number.isInteger(redirectPort)) {
      setErrors({
        redirectPort: 'The fixed redirect port must be a whole number from 1024 to 65535, or empty to use a free port each time.',
      });
      setOutcome({ kind: 'failed', summary: 'Nothing was saved: correct the fixed redirect port.' });
      return;
    }
    // The outcome is shown by onSuccess / onError above.
    await saving
      .mutateAsync({
        config: { ...config, redirectPort },
        ...(secret.value ? { secret: { value: secret.value, expiresOn: secret.expiresOn } } : {}),
        ...(secret.value && secret.storage ? { secretStorage: secret.storage } : {}),
      })
      .catch(() => {});
  }

  return {
    unsaved,
    config,
    update,
    redirectPortText,
    setRedirectPortText: editRedirectPort,
    secret,
    setSecret: editSecret,
    errors,
    saving: saving.isPending,
    outcome,
    save,
    reset,
  };
}

export type IntegrationForm = ReturnType<typeof useIntegrationForm>;
