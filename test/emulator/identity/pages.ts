// The HTML the sign-in service shows in the user's browser: account picker + consent, and error
// pages. Real forms with labels, so a plain HTTP client or Playwright can drive them.
import { escapeHtml } from '../http.ts';
import type { AppRegistration, User } from '../store.ts';
import { PERMISSION_DESCRIPTIONS } from './scopes.ts';

type ConsentPage = {
  title: string;
  action: string;
  hidden: Record<string, string>;
  app: AppRegistration;
  accounts: User[];
  preselectedUserId?: string;
  permissions: string[];
  intro: string;
};

export function consentPage(page: ConsentPage): string {
  const hidden = Object.entries(page.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const accounts = page.accounts
    .map((user, i) => {
      const checked = page.preselectedUserId ? user.id === page.preselectedUserId : i === 0;
      return `<li><input type="radio" id="account-${i}" name="account" value="${escapeHtml(user.id)}"${checked ? ' checked' : ''}>
<label for="account-${i}">${escapeHtml(user.displayName)} (${escapeHtml(user.userPrincipalName)})</label></li>`;
    })
    .join('\n');
  const permissions = page.permissions
    .map((p) => `<li data-permission="${escapeHtml(p)}">${escapeHtml(PERMISSION_DESCRIPTIONS[p] ?? p)} <code>${escapeHtml(p)}</code></li>`)
    .join('\n');
  return layout(
    page.title,
    `<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.intro)} <strong>${escapeHtml(page.app.displayName)}</strong></p>
<form method="post" action="${escapeHtml(page.action)}">
${hidden}
<fieldset><legend>Pick an account</legend><ul class="accounts">${accounts}</ul></fieldset>
<h2>This app would like to:</h2>
<ul class="permissions">${permissions}</ul>
<button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form>`,
  );
}

export function errorPage(code: number, message: string, cancelForm?: { action: string; hidden: Record<string, string> }): string {
  const back = cancelForm
    ? `<form method="post" action="${escapeHtml(cancelForm.action)}">${Object.entries(cancelForm.hidden)
        .map(([n, v]) => `<input type="hidden" name="${escapeHtml(n)}" value="${escapeHtml(v)}">`)
        .join('')}<button type="submit" name="decision" value="cancel">Return to the application without granting consent</button></form>`
    : '';
  return layout(
    'Sign in to your account',
    `<h1>Sign in to your account</h1><p class="error" role="alert" data-error-code="AADSTS${code}">AADSTS${code}: ${escapeHtml(message)}</p>${back}`,
  );
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="robots" content="none"></head><body><main>${body}</main>
<footer><small>Microsoft 365 emulator — not a Microsoft service</small></footer></body></html>`;
}
