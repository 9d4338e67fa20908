// The emulator: one HTTPS server on 127.0.0.1 (host name `localhost`) serving the identity
// platform under /{tenant}/… and Microsoft Graph under /v1.0/…, with faults, limits and a log.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { AppOnlyDirectory } from './appOnly.ts';
import { generateCertificates } from './certificates.ts';
import { EmulatorClock } from './clock.ts';
import { Faults, type Fault } from './faults.ts';
import { handleBatch } from './graph/batch.ts';
import type { GraphContext } from './graph/context.ts';
import { DeltaStates } from './graph/deltaState.ts';
import { graphError } from './graph/errors.ts';
import { handleGraphCall, type GraphDeps } from './graph/router.ts';
import { json, type EmulatorRequest, type EmulatorResponse } from './http.ts';
import type { IdentityContext } from './identity/context.ts';
import { aadErrorResponse } from './identity/errors.ts';
import { routeIdentity } from './identity/router.ts';
import { TokenService } from './identity/tokenService.ts';
import { MailboxLimits } from './limits.ts';
import { routePortal } from './portal.ts';
import { MailboxChanges } from './mailboxChanges.ts';
import { AnotherOutlookClient } from './outlookClient.ts';
import { RequestLog, type LoggedRequest } from './requestLog.ts';
import { RequestSignals } from './requestSignals.ts';
import { Directory } from './store.ts';

export type EmulatorOptions = { port?: number; latencyMs?: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Emulator {
  readonly clock = new EmulatorClock();
  readonly directory = new Directory();
  /** Apps acting as themselves: uploaded certificates, application consent, Exchange mailbox scopes. */
  readonly appOnly = new AppOnlyDirectory(this.directory, this.clock);
  readonly faults = new Faults();
  readonly requestLog = new RequestLog();
  readonly signals = new RequestSignals();
  readonly limits = new MailboxLimits(() => this.clock.now());
  readonly tokens = new TokenService(this.clock);
  readonly delta = new DeltaStates(this.clock);
  readonly changes = new MailboxChanges(this.clock);
  readonly outlook = new AnotherOutlookClient(this.directory, this.changes);
  /** Added to every Graph request while it holds its mailbox slot. */
  latencyMs = 0;
  caCert = '';
  /** A PEM file of this run's CA: for NODE_EXTRA_CA_CERTS or a product's custom CA setting. */
  caFile = '';
  /** This run's certificate for localhost / 127.0.0.1 and its key: local mail servers speak TLS with it too. */
  serverCertificate = { cert: '', key: '' };
  port = 0;
  private server: Server | null = null;
  private tempDir = '';
  private readonly identity: IdentityContext;
  private readonly graph: GraphDeps;

  constructor(options: EmulatorOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.identity = {
      directory: this.directory,
      appOnly: this.appOnly,
      tokens: this.tokens,
      clock: this.clock,
      origin: () => this.origin,
      graphResourceUrls: () => [`${this.origin}/`, 'https://graph.microsoft.com/'],
    };
    const graphCtx: GraphContext = { directory: this.directory, clock: this.clock, delta: this.delta, graphBase: () => `${this.origin}/` };
    this.graph = {
      ctx: graphCtx,
      appOnly: this.appOnly,
      tokens: this.tokens,
      changes: this.changes,
      limits: this.limits,
      latencyMs: () => this.latencyMs,
    };
  }

  get origin(): string {
    return `https://localhost:${this.port}`;
  }

  /** MSAL's `auth.authority` for a tenant (id, domain, "organizations" or "common"). */
  authority(tenant: string): string {
    return `${this.origin}/${tenant}`;
  }

  /** MSAL's `auth.knownAuthorities` entry: host and port exactly. */
  get knownAuthority(): string {
    return `localhost:${this.port}`;
  }

  /** Where Graph lives, like "https://graph.microsoft.com" (the version path comes after it). */
  get graphBaseUrl(): string {
    return this.origin;
  }

  introspectionUrl(tenant: string): string {
    return `${this.origin}/${tenant}/oauth2/v2.0/introspect`;
  }

  /** Introspection for logins as a shared mailbox with the token of a user with Full Access to it. */
  sharedIntrospectionUrl(tenant: string, mailbox: string): string {
    return `${this.origin}/${tenant}/oauth2/v2.0/introspect/shared/${encodeURIComponent(mailbox)}`;
  }

  async start(port = 0): Promise<this> {
    const certificates = await generateCertificates();
    await this.tokens.init();
    this.caCert = certificates.caCert;
    this.serverCertificate = { cert: certificates.serverCert, key: certificates.serverKey };
    this.tempDir = mkdtempSync(join(tmpdir(), 'm365-emulator-'));
    this.caFile = join(this.tempDir, 'emulator-ca.pem');
    writeFileSync(this.caFile, this.caCert);
    const server = createServer({ cert: certificates.serverCert, key: certificates.serverKey }, (req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`Emulator error: ${(error as Error).message}`);
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }

  /** A password reset / "revoke sessions": refresh tokens give invalid_grant, access tokens 401. */
  revokeGrants(userPrincipalName: string, clientId?: string): number {
    const user = this.directory.findUser(userPrincipalName);
    if (!user) throw new Error(`No user ${userPrincipalName}`);
    return this.tokens.revoke(user.id, clientId);
  }

  private async onRequest(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const req: EmulatorRequest = {
      id: randomUUID(),
      method: (raw.method ?? 'GET').toUpperCase(),
      url: new URL(raw.url ?? '/', this.origin),
      headers: raw.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    const area = req.url.pathname.startsWith('/v1.0/') ? 'graph' : 'identity';
    const pathAndQuery = `${req.url.pathname}${req.url.search}`;
    const fault = this.faults.take(area, req.method, decodeURIComponent(pathAndQuery));
    const entry: LoggedRequest = {
      id: req.id,
      at: this.clock.date().toISOString(),
      area,
      method: req.method,
      path: decodeURIComponent(pathAndQuery),
      status: 0,
      durationMs: 0,
      fault: fault?.kind,
    };
    if (area === 'graph') entry.userId = callerOf(req);
    if (typeof req.headers.prefer === 'string') entry.prefer = req.headers.prefer;
    const signalled = { area, method: req.method, path: entry.path, callerId: entry.userId } as const;
    if ((await this.signals.reached('received', req.id, signalled)) === 'drop') {
      res.socket?.destroy();
      return;
    }

    let response = this.faultResponse(fault, req, area);
    if (!response) response = area === 'graph' ? await this.serveGraph(req, entry) : await this.serveIdentity(req);
    if (fault?.kind === 'slow') await sleep(fault.delayMs);
    entry.status = response.status;
    entry.durationMs = Date.now() - started;
    this.requestLog.record(entry);
    if ((await this.signals.reached('handled', req.id, signalled)) === 'drop') {
      res.socket?.destroy();
      return;
    }
    const body = Buffer.from(response.body);
    res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length) });
    if (fault?.kind === 'dropConnection') {
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      res.socket?.destroy();
      return;
    }
    res.end(body, () => void this.signals.reached('answered', req.id, signalled));
  }

  private async serveIdentity(req: EmulatorRequest): Promise<EmulatorResponse> {
    return (
      (await routePortal({ directory: this.directory, appOnly: this.appOnly }, req)) ??
      (await routeIdentity(this.identity, req)) ??
      json(404, { error: 'not_found', error_description: `No identity endpoint at ${req.url.pathname}` })
    );
  }

  private async serveGraph(req: EmulatorRequest, entry: LoggedRequest): Promise<EmulatorResponse> {
    if (req.url.pathname === '/v1.0/$batch' && req.method === 'POST') {
      const response = await handleBatch(req, this.origin, (sub) => handleGraphCall(this.graph, sub));
      if (response.status === 200) {
        const parsed = JSON.parse(response.body) as { responses: Array<{ status: number }> };
        const requests = JSON.parse(req.body).requests as Array<{ method: string; url: string }>;
        entry.batch = requests.map((r, i) => ({ method: r.method.toUpperCase(), path: r.url, status: parsed.responses[i].status }));
      }
      return response;
    }
    return handleGraphCall(this.graph, req);
  }

  private faultResponse(fault: Fault | undefined, req: EmulatorRequest, area: 'identity' | 'graph'): EmulatorResponse | null {
    if (!fault || fault.kind === 'slow' || fault.kind === 'dropConnection') return null;
    const now = this.clock.date();
    const retryAfter =
      'retryAfterSeconds' in fault && fault.retryAfterSeconds !== undefined
        ? { 'Retry-After': String(fault.retryAfterSeconds) }
        : undefined;
    if (area === 'identity') {
      const status = fault.kind === 'throttle' ? 429 : fault.kind === 'unavailable' ? 503 : 400;
      const response = aadErrorResponse(
        { error: 'temporarily_unavailable', code: 90033, status, message: 'A transient error has occurred. Please try again.' },
        req.id,
        now,
      );
      return { ...response, headers: { ...response.headers, ...retryAfter } };
    }
    if (fault.kind === 'throttle') {
      const res = graphError(req, 429, 'TooManyRequests', 'Please retry again later.', { now, headers: retryAfter });
      const body = JSON.parse(res.body);
      Object.assign(body.error.innerError, { code: '429', message: 'Please retry after', status: '429' });
      return { ...res, body: JSON.stringify(body) };
    }
    if (fault.kind === 'unavailable') {
      return graphError(
        req,
        503,
        'serviceNotAvailable',
        'The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay, the length of which may be specified in a Retry-After header.',
        { now, headers: retryAfter },
      );
    }
    return graphError(
      req,
      410,
      'SyncStateNotFound',
      'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
      { now },
    );
  }
}

function callerOf(req: EmulatorRequest): string | undefined {
  const token = req.headers.authorization?.replace(/^Bearer\s+/i, '');
  try {
    return token ? (decodeJwt(token).oid as string | undefined) : undefined;
  } catch {
    return undefined;
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return new Emulator(options).start(options.port ?? 0);
}
