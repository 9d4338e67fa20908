import { ContractError, type CheckResult, type DiagnosticsReport } from '../../shared/contract';
import type { CheckOutcome, DiagnosticCheck } from '../contract/featureModule';
import type { Logger } from '../logs/logService';

export type { CheckOutcome, DiagnosticCheck } from '../contract/featureModule';

export class DiagnosticsService {
  private readonly checks: DiagnosticCheck[] = [];
  private readonly latest = new Map<string, CheckResult>();

  constructor(
    private readonly now: () => Date,
    private readonly log: Logger,
  ) {}

  register(check: DiagnosticCheck): void {
    if (this.checks.some((existing) => existing.id === check.id))
      throw new Error(`A diagnostic check "${check.id}" is already registered.`);
    this.checks.push(check);
  }

  report(): DiagnosticsReport {
    return {
      checks: this.checks.map(({ id, title, category }) => ({ id, title, category })),
      results: this.checks.flatMap((check) => this.latest.get(check.id) ?? []),
    };
  }

  /** Runs the given checks (all by default) one after another; a crashing check is a failed check. */
  async run(ids?: string[]): Promise<DiagnosticsReport> {
    const unknown = ids?.filter((id) => !this.checks.some((check) => check.id === id)) ?? [];
    if (unknown.length > 0) {
      throw new ContractError('VALIDATION', `Unknown check: ${unknown.join(', ')}.`, [
        { field: 'ids', message: `Unknown check: ${unknown.join(', ')}` },
      ]);
    }
    for (const check of this.checks.filter((candidate) => !ids || ids.includes(candidate.id))) {
      let outcome: CheckOutcome;
      try {
        outcome = await check.run();
      } catch (error) {
        this.log.error(`Diagnostic check "${check.title}" failed to run.`, { error });
        outcome = { status: 'fail', summary: `The check could not run: ${(error as Error).message}`, fix: 'See the log for details.' };
      }
      const result: CheckResult = {
        id: check.id,
        title: check.title,
        category: check.category,
        ...outcome,
        fix: outcome.fix ?? null,
        checkedAt: this.now().toISOString(),
      };
      this.latest.set(check.id, result);
      const level = outcome.status === 'fail' ? 'warning' : 'info';
      this.log[level](`Check "${check.title}": ${outcome.status.toUpperCase()} — ${outcome.summary}`);
    }
    return this.report();
  }
}
