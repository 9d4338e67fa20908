import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The project's own ESLint config, run on snippets that break the layering: proof that `npm run lint`
// fails on a boundary violation, an Electron import outside the desktop edge, and an import cycle.
// no-cycle is off here: it would walk the whole import graph from each snippet (the last test proves it).
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: { rules: { 'import-x/no-cycle': 'off' } } });

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the layering is a lint rule', () => {
  it('refuses a platform service importing a feature', async () => {
    const messages = await ruleIdsFor(
      "import { AccessService } from '../access/accessService';\nexport const x = AccessService;\n",
      'src/main/jobs/newJobHelper.ts',
    );
    expect(messages).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*platform service knows no feature/)]);
  });

  it('refuses a feature importing a feature it is not allowed to', async () => {
    const messages = await ruleIdsFor(
      "import { createEmailFeature } from '../email/emailFeature';\nexport const x = createEmailFeature;\n",
      'src/main/contacts/newPart.ts',
    );
    expect(messages).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*contacts feature may import platform services and access, sync/),
    ]);
  });

  it('refuses a feature importing an edge, and the HTTP bridge importing the desktop app', async () => {
    expect(await ruleIdsFor("import { createCore } from '../core';\nexport const x = createCore;\n", 'src/main/sync/newPart.ts')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: /),
    ]);
    expect(
      await ruleIdsFor(
        "import { contentSecurityPolicy } from '../desktop/mainWindow';\nexport const x = contentSecurityPolicy;\n",
        'src/main/bridge/newPart.ts',
      ),
    ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*separate edges/)]);
  });

  it('refuses the contract or the renderer importing main', async () => {
    expect(
      await ruleIdsFor("import { createCore } from '../../main/core';\nexport const x = createCore;\n", 'src/shared/contract/newPart.ts'),
    ).toHaveLength(1);
    expect(
      await ruleIdsFor("import { createCore } from '../../main/core';\nexport const x = createCore;\n", 'src/renderer/src/newPart.ts'),
    ).toHaveLength(1);
  });

  it('refuses a renderer page importing another page or the page registry', async () => {
    expect(
      await ruleIdsFor(
        "import { kindWords } from '../contacts/kindWords';\nexport const x = kindWords;\n",
        'src/renderer/src/pages/email/NewPart.tsx',
      ),
    ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*A page imports only its own folder/)]);
    expect(
      await ruleIdsFor("import { pages } from '../pageRegistry';\nexport const x = pages;\n", 'src/renderer/src/pages/logs/NewPart.tsx'),
    ).toHaveLength(1);
    expect(
      await ruleIdsFor("import type { PageId } from '../pageIds';\nexport type X = PageId;\n", 'src/renderer/src/pages/logs/NewPart.tsx'),
    ).toEqual([]);
  });

  it('allows what the layering allows', async () => {
    const code =
      "import { inTransaction } from '../store/transaction';\nimport { AccessService } from '../access/accessService';\nexport const x = [inTransaction, AccessService];\n";
    expect(await ruleIdsFor(code, 'src/main/sync/newPart.ts')).toEqual([]);
  });

  it('keeps Electron in the desktop edge', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await ruleIdsFor(code, 'src/main/vault/newEncryptor.ts')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*only in src\/main\/desktop/),
    ]);
    expect(await ruleIdsFor(code, 'src/main/desktop/newAdapter.ts')).toEqual([]);
  });

  it('refuses an import cycle', async () => {
    // The fixtures are outside the project's lint run (a real cycle would fail it); linted here on purpose.
    const cycleCheck = new ESLint({
      cwd: process.cwd(),
      ignore: false,
      overrideConfigFile: true,
      overrideConfig: (await import('../../eslint.layers.js')).layerBoundaries.map((block) => ({
        ...block,
        files: ['test/lint/fixtures/**/*.ts'],
      })),
    });
    const [result] = await cycleCheck.lintFiles(['test/lint/fixtures/cycle/first.ts']);
    expect(result.messages.map((message) => message.ruleId)).toEqual(['import-x/no-cycle']);
  });
});
