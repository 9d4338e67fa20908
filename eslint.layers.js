// The layering of docs/architecture.md as lint rules: shared → platform services → features →
// edges. A layer imports only the layers before it; features import each other only where the
// table below allows it; Electron is imported only by the desktop edge and the preload; no cycles.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Services every feature builds on; they know nothing of features or edges. */
export const platformFolders = [
  'contract',
  'store',
  'settings',
  'vault',
  'logs',
  'files',
  'errors',
  'security',
  'graph',
  'auth',
  'mail',
  'jobs',
];

/**
 * One folder per feature, and the other features each may import (a feature's service types it
 * takes as ports). Anything else goes through a port the composition root (core.ts) wires.
 */
export const featureDependencies = {
  access: [],
  accounts: ['access', 'integration'],
  app: [],
  contacts: ['access', 'sync'],
  diagnostics: [],
  email: [],
  integration: [],
  status: [],
  sync: ['access'],
};

/** Where the process meets the outside world: the desktop app, the HTTP bridge, the entry files. */
const edgeFolders = ['desktop', 'bridge'];
const edgeFiles = ['core.ts', 'headless.ts', 'index.ts'];

/**
 * One folder per renderer page, and the other pages' folders each may import: the Accounts page
 * embeds each user's calendar, contacts and email panels; the Logs page lists the jobs' runs.
 * Pieces several pages share go in components/ or state/ (CopyButton, page ids).
 */
export const pageDependencies = {
  access: [],
  accounts: ['calendar', 'contacts', 'email'],
  calendar: [],
  contacts: [],
  diagnostics: [],
  email: [],
  integration: [],
  jobs: [],
  logs: ['jobs'],
};

const main = (name) => `./src/main/${name}`;
const page_ = (name) => `./src/renderer/src/pages/${name}`;
const edges = [...edgeFolders.map(main), ...edgeFiles.map(main)];
const features = Object.keys(featureDependencies);

const zones = [
  {
    target: './src/shared',
    from: ['./src/main', './src/renderer', './src/preload'],
    message: 'src/shared is the contract both processes read: it imports nothing from them.',
  },
  {
    target: './src/renderer',
    from: ['./src/main', './src/preload'],
    message: 'The renderer talks to main only through the contract (src/shared) and its client.',
  },
  {
    target: './src/preload',
    from: ['./src/main', './src/renderer'],
    message: 'The preload exposes the contract client; it imports only src/shared.',
  },
  ...Object.entries(pageDependencies).map(([page, allowed]) => ({
    target: page_(page),
    from: [
      ...Object.keys(pageDependencies)
        .filter((other) => other !== page && !allowed.includes(other))
        .map(page_),
      './src/renderer/src/pages/pageRegistry.tsx',
    ],
    message:
      'A page imports only its own folder, components/, state/, client/ and src/shared: move what two pages share into a neutral module.',
  })),
  ...platformFolders.map((folder) => ({
    target: main(folder),
    from: [...features.map(main), ...edges],
    message: 'A platform service knows no feature and no edge: take what you need as a port (docs/architecture.md).',
  })),
  ...features.map((feature) => ({
    target: main(feature),
    from: [...features.filter((other) => other !== feature && !featureDependencies[feature].includes(other)).map(main), ...edges],
    message: `The ${feature} feature may import platform services${featureDependencies[feature].length ? ` and ${featureDependencies[feature].join(', ')}` : ''}, never an edge or another feature: take it as a port wired in core.ts.`,
  })),
  { target: main('bridge'), from: [main('desktop')], message: 'The HTTP bridge and the desktop app are separate edges.' },
  { target: main('desktop'), from: [main('bridge')], message: 'The desktop app and the HTTP bridge are separate edges.' },
];

const electronOnlyAtTheEdge = {
  'no-restricted-imports': [
    'error',
    {
      paths: ['electron', 'electron-store'].map((name) => ({
        name,
        message: 'Electron is imported only in src/main/desktop (and the preload): take what you need as a port.',
      })),
    },
  ],
};

/** The flat-config blocks that keep the layering. */
export const layerBoundaries = [
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    languageOptions: { parser: tseslint.parser },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
      // Without it import-x reads only .js files when it follows imports, and finds no cycle through TypeScript.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': 'error',
    },
  },
  { files: ['src/**/*.{ts,tsx}'], ignores: ['src/main/desktop/**', 'src/main/index.ts', 'src/preload/**'], rules: electronOnlyAtTheEdge },
];
