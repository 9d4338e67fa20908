import { expect, type Locator, type Page } from '@playwright/test';

/** Fails when the page scrolls sideways or any element reaches past the viewport's right edge. */
export async function expectNothingWiderThanViewport(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && getComputedStyle(element).visibility !== 'hidden';
      })
      .slice(0, 5)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}" reaches ${Math.round(element.getBoundingClientRect().right)} px`,
      );
    return { scrollWidth: document.scrollingElement!.scrollWidth, width, wide };
  });
  expect(overflow.wide, `elements past the ${overflow.width} px viewport`).toEqual([]);
  expect(overflow.scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(overflow.width);
}

/** Fails unless the element is wholly inside the viewport's width (reachable without scrolling sideways). */
export async function expectWithinViewportWidth(page: Page, locator: Locator): Promise<void> {
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** Fails when the element's text reaches past its own box (runs over the next column). */
export async function expectTextInsideItsBox(locator: Locator): Promise<void> {
  const overrun = await locator.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return range.getBoundingClientRect().right - element.getBoundingClientRect().right;
  });
  expect(overrun, 'text runs past its cell').toBeLessThanOrEqual(1);
}
