// Graph's error body: {error: {code, message, innerError: {date, request-id, client-request-id}}}.
import { header, json, type EmulatorRequest, type EmulatorResponse } from '../http.ts';

export function graphError(
  req: EmulatorRequest,
  status: number,
  code: string,
  message: string,
  extra: { headers?: Record<string, string>; innerCode?: string; now?: Date } = {},
): EmulatorResponse {
  const innerError: Record<string, string> = {
    date: (extra.now ?? new Date()).toISOString().slice(0, 19),
    'request-id': req.id,
    'client-request-id': header(req, 'client-request-id') ?? req.id,
  };
  if (extra.innerCode) innerError.code = extra.innerCode;
  return json(
    status,
    { error: { code, message, innerError } },
    { 'request-id': req.id, 'client-request-id': innerError['client-request-id'], ...extra.headers },
  );
}

export const notFound = (req: EmulatorRequest) =>
  graphError(req, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

export const badRequest = (req: EmulatorRequest, message: string, code = 'ErrorInvalidRequest') => graphError(req, 400, code, message);
