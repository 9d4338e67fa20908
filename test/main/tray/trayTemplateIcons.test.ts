// The macOS tray icons: template images (black and alpha) made from the coloured ones.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRgbaPng, encodeRgbaPng, templateFileName, toTemplateImage } from '../../../scripts/trayTemplateIcons';

const trayDir = join(import.meta.dirname, '../../../resources/tray');
const coloured = readdirSync(trayDir).filter((name) => name.endsWith('.png') && !name.includes('Template'));

describe('macOS tray template icons', () => {
  it('exist for every state and resolution, named as nativeImage expects', () => {
    expect(coloured.sort()).toEqual(['error.png', 'error@2x.png', 'idle.png', 'idle@2x.png', 'running.png', 'running@2x.png']);
    expect(coloured.map(templateFileName)).toEqual([
      'errorTemplate.png',
      'errorTemplate@2x.png',
      'idleTemplate.png',
      'idleTemplate@2x.png',
      'runningTemplate.png',
      'runningTemplate@2x.png',
    ]);
  });

  it.each(coloured)('%s has a template version: same size, black and alpha only, made by the script', (name) => {
    const source = decodeRgbaPng(readFileSync(join(trayDir, name)));
    const template = decodeRgbaPng(readFileSync(join(trayDir, templateFileName(name))));
    expect([template.width, template.height]).toEqual([source.width, source.height]);
    const colours = new Set<number>();
    let opaque = 0;
    for (let at = 0; at < template.pixels.length; at += 4) {
      colours.add(template.pixels[at] | template.pixels[at + 1] | template.pixels[at + 2]);
      if (template.pixels[at + 3] > 0) opaque++;
    }
    expect([...colours]).toEqual([0]);
    expect(opaque).toBeGreaterThan(source.width * source.height * 0.2);
    expect(template).toEqual(toTemplateImage(source));
  });

  it('round-trips an image through the PNG codec', () => {
    const image = decodeRgbaPng(readFileSync(join(trayDir, 'running@2x.png')));
    expect(decodeRgbaPng(encodeRgbaPng(image))).toEqual(image);
  });
});
