// `npm test`: the unit and integration tests (vitest), then the end-to-end suite (Playwright in
// Debian's Chromium), then one closing line with the totals of both.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureBuild } from './ensureBuild.mjs';

const vitestReport = 'test-results/vitest.json';
const playwrightReport = 'test-results/playwright.json';
mkdirSync('test-results', { recursive: true });
rmSync(vitestReport, { force: true });
rmSync(playwrightReport, { force: true });

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
ensureBuild();
const playwrightStatus = run('npx', ['playwright', 'test']);

const vitest = readJson(vitestReport);
const playwright = readJson(playwrightReport);
const totals = { passed: 0, failed: 0, skipped: 0 };
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
}
if (playwright) {
  totals.passed += playwright.stats.expected;
  totals.failed += playwright.stats.unexpected + playwright.stats.flaky;
  totals.skipped += playwright.stats.skipped;
}
// A runner that crashed before writing its report must still fail the run.
const missingReport = !vitest || !playwright;
if (missingReport) totals.failed += 1;
console.log(
  `\nunit: ${vitest ? `${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed` : 'no report'}; e2e: ${playwright ? `${playwright.stats.expected} passed, ${playwright.stats.unexpected} failed` : 'no report'}`,
);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(vitestStatus !== 0 || playwrightStatus !== 0 || missingReport || totals.failed > 0 ? 1 : 0);
