import sanitizeHtml from 'sanitize-html';

/**
 * Email HTML made safe to show, with sanitize-html: no script, no event handler, no form, frame,
 * object or <style> block, no javascript: link; remote images are removed (they tell the sender the
 * mail was read) unless the administrator asks for them, and then they arrive as data: URIs fetched
 * by the console. The page shows the result in a sandboxed iframe under a CSP that allows nothing
 * but inline styles and data: images, so even a sanitiser miss could neither run nor load anything.
 */
export type SafeHtml = { html: string; remoteImages: string[] };

const styleWithUrl = /url\s*\(|expression\s*\(|@import|behavior\s*:/i;

const allowedTags = [
  ...sanitizeHtml.defaults.allowedTags,
  'img',
  'font',
  'center',
  'span',
  'div',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'col',
  'colgroup',
  'caption',
  'hr',
  'br',
  'u',
  's',
  'sub',
  'sup',
];
const layoutAttributes = [
  'style',
  'align',
  'valign',
  'width',
  'height',
  'bgcolor',
  'border',
  'cellpadding',
  'cellspacing',
  'color',
  'face',
  'size',
  'dir',
  'title',
  'colspan',
  'rowspan',
];

/**
 * Sanitises `html`. Remote image sources are listed in `remoteImages` and dropped, or replaced
 * with the data: URI `inline` gives for them (the images the console fetched when asked).
 */
export function sanitizeEmailHtml(html: string, inline?: ReadonlyMap<string, string>): SafeHtml {
  const remoteImages: string[] = [];
  const safe = sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: { '*': layoutAttributes, a: ['href', 'name', 'title', 'rel', 'target'], img: ['src', 'alt', 'width', 'height'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    // data: only for images (mailparser turns inline cid: images into data: URIs); links never.
    allowedSchemesByTag: { img: ['data', 'http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      img: (tagName, attributes) => {
        const src = attributes.src ?? '';
        if (!/^https?:/i.test(src)) return { tagName, attribs: attributes };
        remoteImages.push(src);
        const data = inline?.get(src);
        const rest = withoutAttribute(attributes, 'src');
        return { tagName, attribs: data ? { ...rest, src: data } : { ...rest, alt: rest.alt || '[remote image not loaded]' } };
      },
      // Links open nowhere from the sandbox; the address is kept to read.
      a: (tagName, attributes) => ({ tagName, attribs: { ...attributes, rel: 'noopener noreferrer', target: '_blank' } }),
      '*': (tagName, attributes) => {
        if (attributes.style && styleWithUrl.test(attributes.style)) return { tagName, attribs: withoutAttribute(attributes, 'style') };
        return { tagName, attribs: attributes };
      },
    },
  });
  return { html: safe, remoteImages: [...new Set(remoteImages)] };
}

function withoutAttribute(attributes: sanitizeHtml.Attributes, name: string): sanitizeHtml.Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== name));
}

export type RemoteImageLimits = { maxImages: number; maxBytes: number; timeoutMs: number };
export const defaultRemoteImageLimits: RemoteImageLimits = { maxImages: 20, maxBytes: 2 * 1024 * 1024, timeoutMs: 10_000 };

const rasterImage = /^image\/(png|jpeg|gif|webp|bmp)$/i;

/**
 * Fetches the remote images the administrator asked to see, as data: URIs (raster images only,
 * bounded in number, size and time); an image that fails is simply left out.
 */
export async function fetchRemoteImages(
  urls: readonly string[],
  fetch: typeof globalThis.fetch,
  limits: RemoteImageLimits = defaultRemoteImageLimits,
): Promise<Map<string, string>> {
  const inline = new Map<string, string>();
  await Promise.all(
    urls.slice(0, limits.maxImages).map(async (url) => {
      try {
        const response = await fetch(url, {
          redirect: 'follow',
          signal: AbortSignal.timeout(limits.timeoutMs),
          headers: { Accept: 'image/*' },
        });
        const type = (response.headers.get('content-type') ?? '').split(';')[0].trim();
        if (!response.ok || !rasterImage.test(type) || Number(response.headers.get('content-length') ?? 0) > limits.maxBytes) return;
        const bytes = Buffer.from(await response.arrayBuffer());
        if (bytes.length > limits.maxBytes) return;
        inline.set(url, `data:${type};base64,${bytes.toString('base64')}`);
      } catch {
        // Unreachable or too slow: the image stays out, like a blocked one.
      }
    }),
  );
  return inline;
}
