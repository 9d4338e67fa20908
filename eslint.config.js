// Not type-aware on purpose (no parserOptions.project): linting stays fast and independent of the
// tsconfig layout; `npm run typecheck` is what checks types.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettierCompatible from 'eslint-config-prettier/flat';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layerBoundaries } from './eslint.layers.js';

export default defineConfig(
  globalIgnores(['out/', 'node_modules/', 'test-results/', 'playwright-report/', 'coverage/', 'test/lint/fixtures/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  // Main process, preload, headless mode, scripts and tests all run on Node.
  { ignores: ['src/renderer/**'], languageOptions: { globals: globals.node } },
  // The renderer is a sandboxed page without Node: a Node global there would be a bug.
  { files: ['src/renderer/**'], languageOptions: { globals: globals.browser } },
  { files: ['src/renderer/**/*.tsx'], extends: [reactHooks.configs.flat.recommended] },
  // The layering of docs/architecture.md and no import cycles in src/ (eslint.layers.js).
  ...layerBoundaries,
  // Formatting is Prettier's (checked first in `npm run lint`); no ESLint rule may disagree with it.
  prettierCompatible,
);
