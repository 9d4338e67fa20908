import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { DiagnosticsService } from './diagnosticsService';
import { explainPastedError } from './errorExplainer';

export function registerDiagnosticsHandlers(registry: HandlerRegistry, diagnostics: DiagnosticsService): void {
  registry.handle('diagnostics.get', () => diagnostics.report());
  registry.handle('diagnostics.run', (input) => diagnostics.run(input?.ids));
  registry.handle('diagnostics.explainError', ({ text }) => explainPastedError(text));
}
