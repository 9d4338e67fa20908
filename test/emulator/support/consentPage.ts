// Drives the emulator's sign-in/consent page like a browser would, with plain HTTPS requests:
// read the form, pick the account, press Accept or Cancel, follow nothing — return the redirect.
import { httpsRequest } from './trustedHttp.ts';

export type ConsentForm = {
  action: string;
  hidden: Record<string, string>;
  accounts: Array<{ id: string; label: string }>;
  permissions: string[];
};

export function parseConsentForm(html: string): ConsentForm {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`No consent form in page: ${html.slice(0, 500)}`);
  const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)));
  const hidden = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [unescape(m[1]), unescape(m[2])]),
  );
  const accounts = [...html.matchAll(/name="account" value="([^"]+)"[^>]*>\s*<label for="[^"]+">([^<]+)<\/label>/g)].map((m) => ({
    id: m[1],
    label: unescape(m[2]),
  }));
  const permissions = [...html.matchAll(/data-permission="([^"]+)"/g)].map((m) => unescape(m[1]));
  return { action: unescape(action), hidden, accounts, permissions };
}

/** Opens an authorize/adminconsent URL, picks the account by its label text, and answers. */
export async function answerConsent(
  url: string,
  ca: string,
  options: { account: string; decision: 'accept' | 'cancel' },
): Promise<{ status: number; location: string | undefined; body: string }> {
  const page = await httpsRequest(url, ca);
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}`);
  const form = parseConsentForm(page.body);
  const account = form.accounts.find((a) => a.label.includes(options.account));
  const body = new URLSearchParams({ ...form.hidden, decision: options.decision, ...(account ? { account: account.id } : {}) });
  const answer = await httpsRequest(new URL(form.action, url).toString(), ca, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  return { status: answer.status, location: answer.headers.location, body: answer.body };
}
