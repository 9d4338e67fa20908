import { describe, expect, it } from 'vitest';
import { headerRecord, ReceivedHeaders } from '../../../src/main/graph/receivedHeaders';

describe('ReceivedHeaders', () => {
  it('finds a header whatever the case of its name, and answers null for one that is not there', () => {
    const headers = new ReceivedHeaders({ 'Retry-After': '3', 'content-type': 'application/json' });
    expect(headers.get('retry-after')).toBe('3');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.has('RETRY-AFTER')).toBe(true);
    expect(headers.get('location')).toBeNull();
    expect(headers.has('location')).toBe(false);
  });

  it("reads what Node's Headers reads: pairs, records and Headers, values trimmed and repeated names combined", () => {
    const pairs: [string, string][] = [
      ['Vary', 'Accept'],
      ['vary', ' Prefer\t'],
      ['ETag', 'W/"1"'],
    ];
    const ours = new ReceivedHeaders(pairs);
    const node = new Headers(pairs);
    expect([...ours]).toEqual([...node]);
    expect([...new ReceivedHeaders(node)]).toEqual([...node]);
    expect([...new ReceivedHeaders({ B: '2', a: '1' })]).toEqual([...new Headers({ B: '2', a: '1' })]);
  });

  it('iterates in name order with forEach, keys and values, as the Fetch standard does', () => {
    const headers = new ReceivedHeaders({ 'x-b': '2', 'X-A': '1' });
    const seen: string[] = [];
    headers.forEach((value, name) => seen.push(`${name}=${value}`));
    expect(seen).toEqual(['x-a=1', 'x-b=2']);
    expect([...headers.keys()]).toEqual(['x-a', 'x-b']);
    expect([...headers.values()]).toEqual(['1', '2']);
  });

  it('sets, appends and deletes', () => {
    const headers = new ReceivedHeaders({ Vary: 'Accept' });
    headers.append('vary', 'Prefer');
    expect(headers.get('Vary')).toBe('Accept, Prefer');
    headers.set('VARY', 'Origin');
    expect(headers.get('vary')).toBe('Origin');
    headers.delete('Vary');
    expect(headers.has('vary')).toBe(false);
    expect(headers.getSetCookie()).toEqual([]);
  });
});

describe('headerRecord', () => {
  it("gives node:https one lower-case name per header, from any of the Fetch standard's forms", () => {
    expect(headerRecord({ Authorization: 'Bearer x', Prefer: 'odata.maxpagesize=50' })).toEqual({
      authorization: 'Bearer x',
      prefer: 'odata.maxpagesize=50',
    });
    expect(
      headerRecord([
        ['Accept', 'application/json'],
        ['accept', 'text/plain'],
      ]),
    ).toEqual({ accept: 'application/json, text/plain' });
    expect(headerRecord(new Headers({ 'Content-Type': 'application/json' }))).toEqual({ 'content-type': 'application/json' });
    expect(headerRecord(undefined)).toEqual({});
  });
});
