import { ContractError } from '../../../../shared/contract';
import { integrationFieldLabels, secretFieldLabels } from '../../../../shared/integration/fieldLabels';

/** Field key (e.g. `clientId`, `customCloud.loginHost`, `secret.value`) → what is wrong with it. */
export type FieldErrors = Record<string, string>;

const fieldLabels: Readonly<Record<string, string>> = { ...integrationFieldLabels, ...secretFieldLabels };

/**
 * The page's fields are the save input's without the `config.` prefix. Each message goes next to
 * its field; the summary only names the fields, so the page does not say everything twice.
 */
export function fieldErrorsFrom(error: unknown): { fields: FieldErrors; summary: string } {
  if (!(error instanceof ContractError)) return { fields: {}, summary: (error as Error).message };
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.field.replace(/^config\./, '');
    fields[key] = fields[key] ? `${fields[key]} ${issue.message}` : issue.message;
  }
  const named = Object.keys(fields).map((key) => fieldLabels[key]);
  if (named.length === 0 || named.includes(undefined as never)) return { fields, summary: error.message };
  return { fields, summary: `Correct ${named.join(', ')}: see the message under each.` };
}
