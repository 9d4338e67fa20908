// Loaded with `--import` before a bench script: in-thread module hooks (no loader thread to add
// to the memory figures) that let Node 24 run the product's TypeScript as written for the bundler.
import { registerHooks } from 'node:module';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const hasExtension = /\.[cm]?[jt]sx?$|\.json$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    // Relative imports without an extension resolve to the `.ts` file, as Vite resolves them.
    if (specifier.startsWith('.') && context.parentURL?.startsWith('file:') && !hasExtension.test(specifier)) {
      for (const suffix of ['.ts', '.tsx', '/index.ts']) {
        const url = new URL(specifier + suffix, context.parentURL);
        const path = fileURLToPath(url);
        if (existsSync(path) && statSync(path).isFile()) return nextResolve(url.href, context);
      }
    }
    return nextResolve(specifier, context);
  },
});
