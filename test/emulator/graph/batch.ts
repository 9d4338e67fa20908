// POST /v1.0/$batch: at most 20 requests; those without dependsOn run concurrently (and so count
// against the mailbox's 4-request concurrency limit, as on Graph); a request whose dependency
// failed gets 424 Failed Dependency.
import { randomUUID } from 'node:crypto';
import { json, type EmulatorRequest, type EmulatorResponse } from '../http.ts';
import { graphError } from './errors.ts';

type BatchRequest = { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] };
type BatchResponse = { id: string; status: number; headers: Record<string, string>; body?: unknown };

export const MAX_BATCH_REQUESTS = 20;

export async function handleBatch(req: EmulatorRequest, base: string, run: (sub: EmulatorRequest) => Promise<EmulatorResponse>): Promise<EmulatorResponse> {
  let requests: BatchRequest[];
  try {
    requests = JSON.parse(req.body).requests;
    if (!Array.isArray(requests) || requests.some((r) => !r?.id || !r.method || !r.url)) throw new Error('shape');
  } catch {
    return graphError(req, 400, 'BadRequest', 'Invalid batch payload format.');
  }
  if (requests.length > MAX_BATCH_REQUESTS) {
    return graphError(req, 400, 'BadRequest', `The number of requests in a batch cannot exceed ${MAX_BATCH_REQUESTS}.`);
  }
  const ids = new Set(requests.map((r) => r.id));
  if (ids.size !== requests.length || requests.some((r) => r.dependsOn?.some((d) => !ids.has(d)))) {
    return graphError(req, 400, 'BadRequest', 'Invalid batch payload: request ids must be unique and dependsOn must name requests in the batch.');
  }
  const done = new Map<string, BatchResponse>();
  let pending = [...requests];
  while (pending.length > 0) {
    const ready = pending.filter((r) => (r.dependsOn ?? []).every((d) => done.has(d)));
    if (ready.length === 0) return graphError(req, 400, 'BadRequest', 'Invalid batch payload: dependsOn forms a cycle.');
    pending = pending.filter((r) => !ready.includes(r));
    await Promise.all(
      ready.map(async (r) => {
        if ((r.dependsOn ?? []).some((d) => done.get(d)!.status >= 400)) {
          done.set(r.id, { id: r.id, status: 424, headers: {}, body: { error: { code: 'FailedDependency', message: 'A request this request depends on failed.' } } });
          return;
        }
        const url = new URL(`/v1.0/${r.url.replace(/^\/+/, '').replace(/^v1\.0\//, '')}`, base);
        const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        const sub: EmulatorRequest = {
          id: randomUUID(),
          method: r.method.toUpperCase(),
          url,
          headers: { ...headers, authorization: req.headers.authorization, prefer: headers.prefer ?? req.headers.prefer },
          body: r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
        };
        const response = await run(sub);
        const { 'Content-Type': contentType, ...rest } = response.headers;
        done.set(r.id, {
          id: r.id,
          status: response.status,
          headers: contentType ? { 'Content-Type': contentType, ...rest } : rest,
          ...(response.body ? { body: JSON.parse(response.body) } : {}),
        });
      }),
    );
  }
  return json(200, { responses: requests.map((r) => done.get(r.id)) });
}
