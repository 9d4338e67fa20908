// POST /v1.0/$batch: at most 20 requests; those without dependsOn run concurrently (and so count
// against the mailbox's 4-request concurrency limit, as on Graph); a request whose dependency
// failed gets 424 Failed Dependency. Request ids are compared without regard to case; a request
// with a body and no Content-Type header is refused on its own (docs/graph-fidelity.md, "$batch").
import { randomUUID } from 'node:crypto';
import { json, type EmulatorRequest, type EmulatorResponse } from '../http.ts';
import { graphError } from './errors.ts';

type BatchRequest = { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] };
type BatchResponse = { id: string; status: number; headers: Record<string, string>; body?: unknown };

export const MAX_BATCH_REQUESTS = 20;

export async function handleBatch(
  req: EmulatorRequest,
  base: string,
  run: (sub: EmulatorRequest) => Promise<EmulatorResponse>,
): Promise<EmulatorResponse> {
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
  const key = (id: string) => String(id).toLowerCase();
  const ids = new Set(requests.map((r) => key(r.id)));
  if (ids.size !== requests.length) {
    const duplicate = requests.find((r, i) => requests.findIndex((other) => key(other.id) === key(r.id)) !== i)!;
    return graphError(
      req,
      400,
      'BadRequest',
      `Batch request contains duplicate request id '${duplicate.id}'. Request ids are not case-sensitive.`,
    );
  }
  if (requests.some((r) => r.dependsOn?.some((d) => !ids.has(key(d))))) {
    return graphError(req, 400, 'BadRequest', 'Invalid batch payload: dependsOn must name requests in the batch.');
  }
  const done = new Map<string, BatchResponse>();
  const finished = (id: string) => done.get(key(id));
  let pending = [...requests];
  while (pending.length > 0) {
    const ready = pending.filter((r) => (r.dependsOn ?? []).every((d) => finished(d)));
    if (ready.length === 0) return graphError(req, 400, 'BadRequest', 'Invalid batch payload: dependsOn forms a cycle.');
    pending = pending.filter((r) => !ready.includes(r));
    await Promise.all(
      ready.map(async (r) => {
        if ((r.dependsOn ?? []).some((d) => finished(d)!.status >= 400)) {
          done.set(key(r.id), itemError(req, r.id, 424, 'FailedDependency', 'Failed dependency.'));
          return;
        }
        const url = new URL(`/v1.0/${r.url.replace(/^\/+/, '').replace(/^v1\.0\//, '')}`, base);
        const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        if (r.body !== undefined && !headers['content-type']) {
          done.set(
            key(r.id),
            itemError(req, r.id, 400, 'BadRequest', `Write request id : ${r.id} does not contain Content-Type header or body.`),
          );
          return;
        }
        const sub: EmulatorRequest = {
          id: randomUUID(),
          method: r.method.toUpperCase(),
          url,
          headers: { ...headers, authorization: req.headers.authorization, prefer: headers.prefer ?? req.headers.prefer },
          body: r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
        };
        const response = await run(sub);
        const { 'Content-Type': contentType, ...rest } = response.headers;
        done.set(key(r.id), {
          id: r.id,
          status: response.status,
          headers: contentType ? { 'Content-Type': contentType, ...rest } : rest,
          ...(response.body ? { body: JSON.parse(response.body) } : {}),
        });
      }),
    );
  }
  return json(200, { responses: requests.map((r) => finished(r.id)) });
}

/** One item's error answer, in Graph's error shape with its innerError. */
function itemError(req: EmulatorRequest, id: string, status: number, code: string, message: string): BatchResponse {
  const answer = graphError(req, status, code, message);
  return { id, status, headers: { 'Content-Type': 'application/json' }, body: JSON.parse(answer.body) };
}
