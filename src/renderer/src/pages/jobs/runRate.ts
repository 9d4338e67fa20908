import type { RunSummary } from '../../../../shared/contract';
import { formatDuration } from './jobWords';

/**
 * A running run's pace in words: mailboxes per second since it started and, from that pace, about
 * how long the rest will take. Nothing until a few users are done: an estimate from the first
 * mailbox or two says more about start-up than about the run.
 */
export function runRate(run: Pick<RunSummary, 'startedAt' | 'usersDone' | 'usersTotal'>, now: Date): string | null {
  const elapsedMs = now.getTime() - Date.parse(run.startedAt);
  if (run.usersDone < 3 || elapsedMs <= 0) return null;
  const perSecond = run.usersDone / (elapsedMs / 1000);
  const left = Math.max(0, run.usersTotal - run.usersDone);
  const pace = `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)} mailboxes/s`;
  if (left === 0) return pace;
  // Rounded up to whole seconds: "about 0 s left" while users remain would be wrong.
  return `${pace}, about ${formatDuration(Math.ceil(left / perSecond) * 1000)} left`;
}
