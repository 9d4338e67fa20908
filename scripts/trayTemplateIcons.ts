// Makes the macOS tray icons (resources/tray/*Template.png) from the coloured ones:
//   node scripts/trayTemplateIcons.ts        (Node 24 runs the TypeScript as is)
// A macOS template image is black and alpha only; the menu bar tints it for light and dark mode.
// The coloured icons are a disc in colour with a white glyph, so the disc becomes black and the
// white glyph becomes transparent: the glyph is cut out of the disc, and the three states keep
// their shapes (ring, arrow, exclamation mark).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crc32, deflateSync, inflateSync } from 'node:zlib';

export type RgbaImage = { width: number; height: number; pixels: Uint8Array };

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads an 8-bit RGBA, non-interlaced PNG, the only kind the tray icons are. */
export function decodeRgbaPng(file: Uint8Array): RgbaImage {
  const png = Buffer.from(file);
  if (!png.subarray(0, 8).equals(signature)) throw new Error('Not a PNG file.');
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== 6 || body[12] !== 0) throw new Error('Only 8-bit RGBA, non-interlaced PNGs are read here.');
    } else if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const left = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      pixels[y * stride + x] = (value + predictor(filter, left, up, upLeft)) & 0xff;
    }
  }
  return { width, height, pixels };
}

// PNG specification, 9.2 "Filter types for filter method 0".
function predictor(filter: number, left: number, up: number, upLeft: number): number {
  if (filter === 0) return 0;
  if (filter === 1) return left;
  if (filter === 2) return up;
  if (filter === 3) return Math.floor((left + up) / 2);
  if (filter === 4) {
    const estimate = left + up - upLeft;
    const [toLeft, toUp, toUpLeft] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
    return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
  }
  throw new Error(`Unknown PNG filter type ${filter}.`);
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

export function encodeRgbaPng(image: RgbaImage): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const stride = image.width * 4;
  const raw = Buffer.alloc(image.height * (stride + 1));
  for (let y = 0; y < image.height; y++) raw.set(image.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Black everywhere; the more white a pixel was, the more transparent it becomes. */
export function toTemplateImage(image: RgbaImage): RgbaImage {
  const pixels = new Uint8Array(image.pixels.length);
  for (let at = 0; at < pixels.length; at += 4) {
    const whiteness = Math.min(image.pixels[at], image.pixels[at + 1], image.pixels[at + 2]) / 255;
    pixels[at + 3] = Math.round(image.pixels[at + 3] * (1 - whiteness));
  }
  return { ...image, pixels };
}

/** idle.png → idleTemplate.png, idle@2x.png → idleTemplate@2x.png (the names nativeImage looks for). */
export function templateFileName(fileName: string): string {
  return fileName.replace(/(@\dx)?\.png$/, 'Template$1.png');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const dir = resolve(import.meta.dirname, '../resources/tray');
  for (const fileName of readdirSync(dir).filter((name) => name.endsWith('.png') && !name.includes('Template'))) {
    writeFileSync(join(dir, templateFileName(fileName)), encodeRgbaPng(toTemplateImage(decodeRgbaPng(readFileSync(join(dir, fileName))))));
    console.log(`${fileName} → ${templateFileName(fileName)}`);
  }
}
