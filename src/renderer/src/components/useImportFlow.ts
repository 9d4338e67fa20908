import { useState } from 'react';

export type ImportStep = 'preview' | 'import';

/**
 * The state every import dialog goes through: check the file (nothing written), then import what
 * the preview found ready. Errors of either step are kept in words for the dialog to show.
 */
export function useImportFlow<Preview, Result>() {
  const [busy, setBusy] = useState<ImportStep>();
  const [preview, setPreview] = useState<Preview>();
  const [result, setResult] = useState<Result>();
  const [error, setError] = useState<string>();

  async function runPreview(check: () => Promise<Preview>): Promise<void> {
    setBusy('preview');
    setResult(undefined);
    setError(undefined);
    try {
      setPreview(await check());
    } catch (failure) {
      setPreview(undefined);
      setError((failure as Error).message);
    } finally {
      setBusy(undefined);
    }
  }

  async function runImport(confirm: (checked: Preview) => Promise<Result>): Promise<Result | undefined> {
    if (preview === undefined) return undefined;
    setBusy('import');
    try {
      const done = await confirm(preview);
      setResult(done);
      setPreview(undefined);
      return done;
    } catch (failure) {
      setError((failure as Error).message);
      return undefined;
    } finally {
      setBusy(undefined);
    }
  }

  return { busy, preview, result, error, runPreview, runImport, clearPreview: () => setPreview(undefined) };
}
