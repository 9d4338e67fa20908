// The one page of the Entra admin centre an administrator needs for organisation-wide mode:
// App registrations › the app › Certificates & secrets › Certificates › Upload certificate. A real
// HTML form (a file input, as the portal has), so an end-to-end test uploads the console's .cer file
// the way an administrator does. docs/graph-fidelity.md, "Certificate upload (portal)".
import type { AppOnlyDirectory } from './appOnly.ts';
import { escapeHtml, header, html, type EmulatorRequest, type EmulatorResponse } from './http.ts';
import type { AppRegistration, Directory, User } from './store.ts';

export type PortalContext = { directory: Directory; appOnly: AppOnlyDirectory };

/** The portal's accepted file types for a certificate (public key only). */
const acceptedExtensions = ['.cer', '.pem', '.crt'];

/** Where a test or an administrator opens the page for an app registration. */
export function certificatesPagePath(clientId: string): string {
  return `/portal/applications/${encodeURIComponent(clientId)}/certificates`;
}

/** Routes /portal/…; null for any other path. */
export async function routePortal(ctx: PortalContext, req: EmulatorRequest): Promise<EmulatorResponse | null> {
  const match = /^\/portal\/applications\/([^/]+)\/certificates$/.exec(req.url.pathname);
  if (!match) return null;
  const app = ctx.directory.apps.get(decodeURIComponent(match[1]));
  if (!app) return html(404, page('Not found', '<p role="alert">No app registration with this Application (client) ID.</p>'));
  if (req.method === 'GET') return html(200, certificatesPage(ctx, app));
  if (req.method !== 'POST') return html(405, page('Not allowed', '<p role="alert">Method not allowed.</p>'));
  return upload(ctx, app, req);
}

async function upload(ctx: PortalContext, app: AppRegistration, req: EmulatorRequest): Promise<EmulatorResponse> {
  const contentType = header(req, 'content-type') ?? '';
  if (!contentType.startsWith('multipart/form-data'))
    return html(400, certificatesPage(ctx, app, { error: 'The upload must be sent as a form with a file (multipart/form-data).' }));
  const form = await new Response(req.body, { headers: { 'Content-Type': contentType } }).formData();
  // Only an administrator of the app's own tenant may change its credentials (Application Administrator or an owner).
  const admin = adminsOf(ctx, app).find((user) => user.id === form.get('account'));
  if (!admin)
    return html(403, certificatesPage(ctx, app, { error: 'You do not have permission to change this application’s credentials.' }));
  const file = form.get('certificate');
  if (!(file instanceof File) || file.size === 0) return html(400, certificatesPage(ctx, app, { error: 'Select a file to upload.' }));
  if (!acceptedExtensions.some((extension) => file.name.toLowerCase().endsWith(extension)))
    return html(
      400,
      certificatesPage(ctx, app, { error: `The file must be one of the following file types: ${acceptedExtensions.join(', ')}.` }),
    );
  const text = await file.text();
  // Stricter than the portal: only PEM text is read (the request body is decoded as UTF-8, so a binary DER file would not survive).
  if (!/-----BEGIN CERTIFICATE-----/.test(text) || /PRIVATE KEY/.test(text))
    return html(
      400,
      certificatesPage(ctx, app, {
        error: 'The file is not a public certificate (PEM). Upload the certificate only, never its private key.',
      }),
    );
  let thumbprint: string;
  try {
    thumbprint = ctx.appOnly.uploadCertificate(app.clientId, text).sha1Thumbprint;
  } catch (error) {
    return html(400, certificatesPage(ctx, app, { error: `Failed to add the certificate: ${(error as Error).message}` }));
  }
  return html(200, certificatesPage(ctx, app, { added: thumbprint }));
}

function adminsOf(ctx: PortalContext, app: AppRegistration): User[] {
  return [...ctx.directory.users.values()].filter((user) => user.tenantId === app.homeTenantId && user.isAdmin);
}

function certificatesPage(ctx: PortalContext, app: AppRegistration, outcome: { added?: string; error?: string } = {}): string {
  const rows = ctx.appOnly
    .certificatesOf(app.clientId)
    .map(
      (certificate) =>
        `<tr><td data-thumbprint>${escapeHtml(certificate.sha1Thumbprint)}</td><td>${certificate.startDateTime.toISOString().slice(0, 10)}</td><td>${certificate.endDateTime.toISOString().slice(0, 10)}</td><td>${escapeHtml(certificate.keyId)}</td></tr>`,
    )
    .join('\n');
  const accounts = adminsOf(ctx, app)
    .map(
      (user, i) =>
        `<li><input type="radio" id="account-${i}" name="account" value="${escapeHtml(user.id)}"${i === 0 ? ' checked' : ''}>
<label for="account-${i}">${escapeHtml(user.displayName)} (${escapeHtml(user.userPrincipalName)})</label></li>`,
    )
    .join('\n');
  const message = outcome.error
    ? `<p role="alert" class="error">${escapeHtml(outcome.error)}</p>`
    : outcome.added
      ? `<p role="status">Certificate added. Thumbprint ${escapeHtml(outcome.added)}.</p>`
      : '';
  return page(
    `${app.displayName} | Certificates & secrets`,
    `<h1>${escapeHtml(app.displayName)} | Certificates &amp; secrets</h1>
<p>Application (client) ID: <code>${escapeHtml(app.clientId)}</code></p>
${message}
<h2>Certificates</h2>
<table aria-label="Certificates"><thead><tr><th>Thumbprint</th><th>Start date</th><th>Expires</th><th>Certificate ID</th></tr></thead>
<tbody>${rows || '<tr><td colspan="4">No certificates have been added for this application.</td></tr>'}</tbody></table>
<h2>Upload certificate</h2>
<form method="post" enctype="multipart/form-data" action="${escapeHtml(certificatesPagePath(app.clientId))}">
<fieldset><legend>Signed in as</legend><ul>${accounts}</ul></fieldset>
<p><label for="certificate">Upload a certificate (public key) with one of the following file types: ${acceptedExtensions.join(', ')}</label>
<input type="file" id="certificate" name="certificate" accept="${acceptedExtensions.join(',')}"></p>
<p><label for="description">Description</label> <input type="text" id="description" name="description"></p>
<button type="submit">Add</button>
</form>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="robots" content="none"></head><body><main>${body}</main>
<footer><small>Microsoft 365 emulator — not a Microsoft service</small></footer></body></html>`;
}
