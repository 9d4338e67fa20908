// Electron security scan: Electronegativity over src/ and the built out/. Its CLI exits 0 whatever
// it finds, so it is driven through its API and this script sets the exit code: 1 on any finding.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

// Offline, the library's translation download (it starts one per run) fails in two ways it does not
// catch: a p-cancelable complaint once got's timeout fires, then got's DNS failure. Both are harmless
// (it prints "Could not retrieve updated translations" and uses its bundled English texts); anything
// else is a real failure.
function isOfflineTranslationNoise(error) {
  return (
    error?.message === 'The `onCancel` handler was attached after the promise settled.' ||
    (error?.name === 'RequestError' && error?.code === 'ENOTFOUND')
  );
}
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    if (isOfflineTranslationNoise(error)) return;
    console.error(`security-scan: ${event}:`, error);
    process.exit(1);
  });
}

// Without the Electron binary the library cannot tell the version, and would then assume the
// insecure defaults of Electron 0.x.
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const run = require('@doyensec/electronegativity');

// Bundling drops comments, so `eng-disable` comments in src/ never reach out/. Each entry accepts a
// check's findings on one exact line of a bundle: code suppressed (with its reason) in `source`, and
// only while that suppression is still there. Changing either brings the finding back for review.
const reviewedInOut = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/index.js',
    // Reviewed again with issue 5: the second argument only adds the configured custom cloud's sign-in host (https, exact host:port).
    line: 'const openInBrowser = createAllowListedOpener((url) => electron.shell.openExternal(url), customHosts);',
    source: 'src/main/desktop/desktopApp.ts',
  },
];
const isReviewedInOut = (check, file, line) =>
  reviewedInOut.some(
    (r) =>
      r.check === check &&
      r.file === file &&
      r.line === line &&
      readFileSync(join(root, r.source), 'utf8').includes(`eng-disable ${check}`),
  );

// The built renderer bundle is mostly third-party code in syntax the library's 2023 parser cannot
// read (class static blocks). Our own renderer code is scanned as source in src/.
const mayBeUnparsable = (folder, file) => folder === 'out' && file.startsWith('renderer/assets/');

/** Scans one folder; returns the number of problems that must fail the run. */
async function scan(folder) {
  const dir = join(root, folder);
  // The library only reads .js/.ts/.jsx/.tsx/.html files, so the CommonJS preload (.cjs) would be
  // skipped silently. It scans a copy in which such files also end in .js or .ts.
  const staged = mkdtempSync(join(tmpdir(), 'security-scan-'));
  const renamed = new Map();
  try {
    cpSync(dir, staged, { recursive: true });
    for (const file of readdirSync(staged, { recursive: true })) {
      const extra = /\.[cm]js$/.test(file) ? '.js' : /\.[cm]ts$/.test(file) ? '.ts' : '';
      if (!extra) continue;
      renameSync(join(staged, file), join(staged, file + extra));
      renamed.set(file + extra, file);
    }
    const result = await run({
      input: staged,
      isRelative: true,
      electronVersionOverride: electronVersion,
      // It downloads Electron's release list; keeping Electron current is dependency-update work.
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
    // Forward slashes, so the lists above also match on Windows.
    const original = (file) => (renamed.get(file) ?? file).split(sep).join('/');
    let problems = 0;

    for (const error of result.errors) {
      const file = original(error.file.startsWith(staged) ? relative(staged, error.file) : error.file);
      const fatal = !error.tolerable && !mayBeUnparsable(folder, file);
      if (fatal) problems++;
      console.log(`${fatal ? 'NOT SCANNED' : 'warning'}: ${folder}/${file}: ${error.message}`);
    }

    let accepted = 0;
    for (const issue of result.issues) {
      const file = original(issue.file);
      const where = issue.file === 'N/A' ? '(whole app)' : `${folder}/${file}:${issue.location.line}:${issue.location.column}`;
      if (folder === 'out' && issue.file !== 'N/A') {
        const line = readFileSync(join(dir, file), 'utf8').split('\n')[issue.location.line - 1]?.trim();
        if (isReviewedInOut(issue.id, file, line)) {
          accepted++;
          continue;
        }
      }
      problems++;
      const review = issue.manualReview ? ' (manual review)' : '';
      console.log(`${issue.id} ${issue.severity.name}/${issue.confidence.name} ${where}${review}: ${issue.description}`);
    }

    const extra = accepted ? `, ${accepted} accepted as reviewed in src/` : '';
    console.log(
      `${folder}/: ${problems} problem(s)${extra}; ${result.atomicChecks + result.globalChecks} checks, Electron ${electronVersion}\n`,
    );
    return problems;
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
}

const newest = (dir) => Math.max(...readdirSync(dir, { recursive: true }).map((f) => statSync(join(dir, f)).mtimeMs));

const started = performance.now();
let problems = await scan('src');
if (!existsSync(join(root, 'out'))) {
  console.log('out/: MISSING. Build first (`npm run build`): the shipped bundles must be scanned too.\n');
  problems++;
} else {
  if (newest(join(root, 'src')) > newest(join(root, 'out'))) {
    console.log('warning: out/ is older than src/; run `npm run build` so this scan sees the current code.');
  }
  problems += await scan('out');
}
console.log(`security-scan: ${problems ? 'FAILED' : 'passed'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = problems ? 1 : 0;
