import { describe, expect, it } from 'vitest';
import { BufferedResponse } from '../../../src/main/graph/bufferedResponse';

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const ok = (body: Buffer | null, headers: HeadersInit = { 'content-type': 'application/json' }) =>
  new BufferedResponse(body, { status: 200, statusText: 'OK', headers });

describe('BufferedResponse', () => {
  it("has a Response's shape, with the status and headers given", () => {
    const response = new BufferedResponse(json({}), { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '3' } });
    // Every member the Fetch standard gives a Response, so the Graph client can read it as one.
    const members = Object.getOwnPropertyNames(Response.prototype).filter((name) => name !== 'constructor');
    expect(members.filter((name) => !(name in response))).toEqual([]);
    expect(response.status).toBe(429);
    expect(response.ok).toBe(false);
    expect(response.statusText).toBe('Too Many Requests');
    expect(response.headers.get('retry-after')).toBe('3');
    expect(new BufferedResponse(null, { status: 201, headers: {} }).ok).toBe(true);
  });

  it('refuses a status no answer can have, as a Response does', () => {
    expect(() => new BufferedResponse(null, { status: 101, headers: {} })).toThrow(RangeError);
    expect(() => new BufferedResponse(null, { status: 600, headers: {} })).toThrow(RangeError);
  });

  it('says in words that a Graph answer is not form data', async () => {
    await expect(ok(json({})).formData()).rejects.toThrow(/not form data/);
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
