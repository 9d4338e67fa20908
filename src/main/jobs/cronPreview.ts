import { CronExpressionParser } from 'cron-parser';
import { ContractError } from '../../shared/contract';

/** The five fields the console accepts, in order, with the values each takes. */
const cronFields = [
  { name: 'minute', range: '0–59' },
  { name: 'hour', range: '0–23' },
  { name: 'day-of-month', range: '1–31' },
  { name: 'month', range: '1–12 or JAN–DEC' },
  { name: 'day-of-week', range: '0–7 or SUN–SAT (0 and 7 are Sunday)' },
] as const;

const ordinals = ['1st', '2nd', '3rd', '4th', '5th'];

export type CronCheck = { ok: true; cron: string } | { ok: false; message: string };

/**
 * Checks a schedule the way the administrator wrote it and says which field is wrong. Only the
 * classic five fields: a seconds field would allow a sync every second, and cron-parser's `H` and
 * macros are not understood by the node-schedule version that runs the job.
 */
export function checkCron(expression: string): CronCheck {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return {
      ok: false,
      message: `A schedule has five fields separated by spaces — minute hour day-of-month month day-of-week (e.g. */10 * * * * for every 10 minutes); "${expression.trim()}" has ${fields.length}.`,
    };
  }
  for (const [index, value] of fields.entries()) {
    const field = cronFields[index];
    if (/[Hh]/.test(value) && !/^[A-Za-z]{3}/.test(value)) {
      return {
        ok: false,
        message: `The ${field.name} field (${ordinals[index]}) "${value}" uses H, which is not supported: use ${field.range}, *, ranges (1-5), lists (1,3) or steps (*/10).`,
      };
    }
    const alone = fields.map((other, position) => (position === index ? other : '*')).join(' ');
    try {
      CronExpressionParser.parse(alone, { strict: false });
    } catch (error) {
      return {
        ok: false,
        message: `The ${field.name} field (${ordinals[index]}) "${value}" is not valid: ${explainParserError(error)} Use ${field.range}, *, ranges (1-5), lists (1,3) or steps (*/10).`,
      };
    }
  }
  try {
    CronExpressionParser.parse(fields.join(' '), { strict: false });
  } catch (error) {
    return {
      ok: false,
      message: `The schedule never matches a real date (${explainParserError(error)}). Check the day-of-month and month fields together.`,
    };
  }
  return { ok: true, cron: fields.join(' ') };
}

/** The same check as a contract error naming the `cron` field, for handlers. */
export function requireValidCron(expression: string): string {
  const check = checkCron(expression);
  if (!check.ok) throw new ContractError('VALIDATION', `cron: ${check.message}`, [{ field: 'cron', message: check.message }]);
  return check.cron;
}

/** The next `count` run times after `after`, read in `timeZone`. */
export function nextRuns(cron: string, options: { after: Date; timeZone: string; count?: number }): Date[] {
  const interval = CronExpressionParser.parse(cron, { currentDate: options.after, tz: options.timeZone });
  return interval.take(options.count ?? 5).map((date) => date.toDate());
}

/** The latest scheduled time at or before `at` (a missed run is looked for from there). */
export function previousRun(cron: string, options: { at: Date; timeZone: string }): Date {
  // cron-parser's prev() is strictly before its current date: nudge past `at` so `at` itself counts.
  const interval = CronExpressionParser.parse(cron, { currentDate: new Date(options.at.getTime() + 1), tz: options.timeZone });
  return interval.prev().toDate();
}

/** A short reading of common schedules; anything else is shown as written. */
export function describeCron(cron: string): string {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.split(' ');
  const everyDay = dayOfMonth === '*' && month === '*' && dayOfWeek === '*';
  if (everyDay && hour === '*' && minute === '*') return 'Every minute';
  const step = /^\*\/(\d+)$/.exec(minute);
  if (everyDay && hour === '*' && step) return `Every ${step[1]} minutes`;
  if (everyDay && hour === '*' && /^\d+$/.test(minute)) return `Every hour at minute ${minute}`;
  if (everyDay && /^\d+$/.test(hour) && /^\d+$/.test(minute)) return `Every day at ${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
  return `Cron schedule ${cron}`;
}

function explainParserError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const range = /got value (\S+) expected range (\S+)/.exec(message);
  if (range) return `${range[1]} is outside ${range[2]}.`;
  if (/Invalid characters/.test(message)) return 'it has characters a schedule cannot contain.';
  if (/repeat at every 0/.test(message)) return 'a step of 0 never repeats.';
  return `${message.replace(/\.$/, '')}.`;
}
