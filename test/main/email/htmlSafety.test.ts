import { describe, expect, it } from 'vitest';
import { sanitizeEmailHtml } from '../../../src/main/email/htmlSafety';

describe('email HTML made safe to show', () => {
  it('drops scripts, handlers, frames, forms, styles with url() and javascript: links, keeping the text and layout', () => {
    const { html, remoteImages } = sanitizeEmailHtml(
      '<style>body{background:url(https://t.example/a.png)}</style><table bgcolor="#eee"><tr><td style="color:red" onmouseover="x()">Hi <b>Ann</b></td></tr></table>' +
        '<script>alert(1)</script><svg onload="x()"></svg><iframe src="https://t.example"></iframe><object data="x"></object><form><input></form>' +
        '<a href="javascript:alert(1)">bad</a><a href="https://contoso.example/order">good</a><p style="background-image: url(https://t.example/b.png)">p</p>',
    );
    expect(html).toContain('<td style="color:red">Hi <b>Ann</b></td>');
    expect(html).toContain('<a href="https://contoso.example/order" rel="noopener noreferrer" target="_blank">good</a>');
    for (const banned of [
      '<script',
      'alert',
      'onmouseover',
      'onload',
      '<svg',
      '<iframe',
      '<object',
      '<form',
      '<input',
      'javascript:',
      'url(',
      '<style',
    ])
      expect(html).not.toContain(banned);
    expect(remoteImages).toEqual([]);
  });

  it('leaves out remote images (listed, each once) unless given as data: URIs, and keeps inline data: images', () => {
    const source =
      '<img src="https://t.example/p.png" alt="logo"><img src="https://t.example/p.png"><img src="data:image/png;base64,AAAA" alt="inline"><img src="//t.example/x.png">';
    const blocked = sanitizeEmailHtml(source);
    expect(blocked.remoteImages).toEqual(['https://t.example/p.png']);
    expect(blocked.html).not.toContain('t.example');
    expect(blocked.html).toContain('<img alt="logo" />');
    expect(blocked.html).toContain('src="data:image/png;base64,AAAA"');
    const shown = sanitizeEmailHtml(source, new Map([['https://t.example/p.png', 'data:image/png;base64,BBBB']]));
    expect(shown.html).toContain('<img alt="logo" src="data:image/png;base64,BBBB" />');
  });
});
