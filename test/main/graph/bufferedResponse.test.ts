import { describe, expect, it } from 'vitest';
import { BufferedResponse } from '../../../src/main/graph/bufferedResponse';

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const ok = (body: Buffer | null, headers: HeadersInit = { 'content-type': 'application/json' }) =>
  new BufferedResponse(body, { status: 200, statusText: 'OK', headers });

describe('BufferedResponse', () => {
  it('is a Response whose status and headers are the ones given', () => {
    const response = new BufferedResponse(json({}), { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '3' } });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(429);
    expect(response.ok).toBe(false);
    expect(response.statusText).toBe('Too Many Requests');
    expect(response.headers.get('retry-after')).toBe('3');
  });

  it('parses its bytes as JSON, non-ASCII text included', async () => {
    const value = { value: [{ subject: 'Réunion – 会議 ✓', id: 'AAMk=' }], '@odata.nextLink': 'https://graph/next' };
    expect(await ok(json(value)).json()).toEqual(value);
  });

  it('drops a leading byte order mark as the Fetch standard does', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json({ a: 1 })]);
    expect(await ok(withBom).json()).toEqual({ a: 1 });
    expect(await ok(withBom).text()).toBe('{"a":1}');
  });

  it('rejects with a SyntaxError when the body is not JSON', async () => {
    await expect(ok(Buffer.from('<html>proxy error</html>')).json()).rejects.toThrow(SyntaxError);
  });

  it('hands out copies: changing what arrayBuffer or bytes gave does not change the body', async () => {
    const response = ok(Buffer.from('abc'));
    const bytes = await response.bytes();
    bytes[0] = 0x7a;
    const buffer = new Uint8Array(await response.arrayBuffer());
    buffer[1] = 0x7a;
    expect(await response.text()).toBe('abc');
    expect(buffer.byteLength).toBe(3);
  });

  it('gives a blob typed by its content type, a clone with the same body, and a body stream', async () => {
    const response = ok(Buffer.from('hello'), { 'content-type': 'text/plain' });
    const blob = await response.blob();
    expect(blob.type).toBe('text/plain');
    expect(await blob.text()).toBe('hello');
    const clone = response.clone();
    expect(clone).toBeInstanceOf(BufferedResponse);
    expect(await clone.text()).toBe('hello');
    expect(await new Response(response.body).text()).toBe('hello');
    expect(response.body).toBe(response.body);
  });

  it('has no body for an empty answer', async () => {
    const response = new BufferedResponse(null, { status: 204, headers: {} });
    expect(response.body).toBeNull();
    expect(await response.text()).toBe('');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('reads any other Response once, in full, and keeps a BufferedResponse as it is', async () => {
    const plain = new Response('{"b":2}', { status: 201, statusText: 'Created', headers: { 'content-type': 'application/json' } });
    const read = await BufferedResponse.read(plain);
    expect(read.status).toBe(201);
    expect(read.statusText).toBe('Created');
    expect(plain.bodyUsed).toBe(true);
    expect(await read.json()).toEqual({ b: 2 });
    expect(await BufferedResponse.read(read)).toBe(read);
    const empty = await BufferedResponse.read(new Response(null, { status: 204 }));
    expect(empty.body).toBeNull();
  });
});
