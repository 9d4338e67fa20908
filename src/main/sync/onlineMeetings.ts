/**
 * Add online meeting: Outlook makes the meeting (and its join link) with a provider the user's
 * calendar allows (`allowedOnlineMeetingProviders`, Microsoft's "Create or set an event as an
 * online meeting in an Outlook calendar"). The calendar is read once per run, only when an event
 * asks for a meeting; a calendar that allows none is said in words on each such event.
 */
import type { RunError } from '../../shared/contract';
import type { GraphJson } from '../graph/graphMailbox';
import type { UserSyncContext } from './syncContext';

export type OnlineMeetingChoice = { provider: string } | { provider: null; allowed: string[] };

/** The calendar's default provider when it is allowed, else Teams when allowed, else any allowed one. */
export async function onlineMeetingProvider(ctx: UserSyncContext): Promise<OnlineMeetingChoice> {
  const calendar: GraphJson = await ctx.box.get(`${ctx.calendarPath}?$select=allowedOnlineMeetingProviders,defaultOnlineMeetingProvider`);
  const allowed = ((calendar.allowedOnlineMeetingProviders ?? []) as string[]).filter((provider) => provider !== 'unknown');
  const preferred = [String(calendar.defaultOnlineMeetingProvider ?? ''), 'teamsForBusiness', ...allowed];
  const provider = preferred.find((candidate) => allowed.includes(candidate));
  return provider ? { provider } : { provider: null, allowed };
}

export function noOnlineMeetingProvider(eventName: string, userName: string): RunError {
  return {
    message: `"${eventName}" was sent to Outlook without an online meeting: ${userName}'s Outlook calendar allows no online meeting provider.`,
    explanation:
      "Outlook lists no allowed online meeting provider for this calendar (its allowedOnlineMeetingProviders is empty), so it cannot add a Teams meeting. Teams meetings in Outlook need the user to have a Teams licence and the organisation's Teams meeting policy to allow meetings in Outlook (Microsoft 365 and Teams admin centres). Once the calendar allows Teams, edit the event here and it is sent with a meeting.",
  };
}
