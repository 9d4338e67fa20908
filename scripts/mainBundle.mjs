// How the main process is bundled into out/main. The bench bundles the console the same way, so it
// measures what ships. The figures are in docs/benchmarks.md, "Issue 17: a smaller main bundle".
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The libraries loaded at start (and the Graph client and MSAL, on the first sync), bundled rather
 * than loaded from node_modules: zod's ~80 ES modules loaded one by one through Node's loader cost
 * 9 MB of anonymous memory and 9 MB of the Node binary's pages; bundled, 2 MB of each.
 */
export const bundledDependencies = ['zod', 'pino', 'windows-iana', '@microsoft/microsoft-graph-client', '@azure/msal-node'];

/**
 * MSAL's CommonJS build rather than its ES modules, which `import http from "http"`: Node makes an
 * ES module's view of `http` by reading every export, `WebSocket` among them, and that loads undici
 * (Node's fetch, 7.6 MB resident measured) into a console that sends no request through it.
 * `require('http')` reads none of them. Both builds are the same MSAL release.
 */
export function mainAliases(root) {
  return [{ find: /^@azure\/msal-node$/, replacement: join(root, 'node_modules/@azure/msal-node/lib/msal-node.cjs') }];
}

/**
 * What electron-vite bundles into out/main along with `bundledDependencies`: every package they
 * depend on, however deeply, that is not one of the app's own dependencies (those stay external).
 */
export function bundledPackages(root) {
  const manifestOf = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const own = new Set(Object.keys(manifestOf(root).dependencies ?? {}));
  const bundled = new Set();
  const visit = (name) => {
    if (bundled.has(name) || (own.has(name) && !bundledDependencies.includes(name))) return;
    const dir = join(root, 'node_modules', name);
    if (!existsSync(dir)) return;
    bundled.add(name);
    for (const dependency of Object.keys(manifestOf(dir).dependencies ?? {})) visit(dependency);
  };
  bundledDependencies.forEach(visit);
  return [...bundled];
}

/**
 * V8 keeps every script's source in the heap. Without comments (licences kept) and with non-ASCII
 * characters escaped (one `’` makes the whole source two bytes a character), the console's sources
 * take half the memory. Lines, names and layout stay as written, so stack traces in the log still read.
 */
export const mainOutput = {
  comments: { legal: true, annotation: false, jsdoc: false },
  minify: { compress: false, mangle: false, codegen: { removeWhitespace: false, asciiOnly: true } },
};
