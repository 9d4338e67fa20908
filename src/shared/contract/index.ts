/**
 * The one contract between renderer and main. A channel is named `domain.verb` and exists here
 * once, with a zod schema for its input and its output; main registers exactly one handler per
 * channel and the renderer cannot call anything not named here. No Node, no DOM in this folder.
 */
import type { z } from 'zod';
import { accessChannels, accessEvents } from './access';
import { accountsChannels, accountsEvents } from './accounts';
import { organisationChannels } from './organisation';
import { appChannels } from './app';
import { calendarChannels, calendarEvents } from './calendar';
import { contactsChannels, contactsEvents } from './contacts';
import { diagnosticsChannels } from './diagnostics';
import { emailChannels, emailEvents } from './email';
import { jobsChannels, jobsEvents } from './jobs';
import { logChannels, logEvents } from './logs';
import { runTrendsChannels } from './runTrends';
import { credentialsTestChannels, integrationChannels, integrationEvents } from './integration';
import { settingsChannels, settingsEvents } from './settings';
import { statusChannels, statusEvents } from './status';
import { vaultChannels, vaultEvents } from './vault';

export const channels = {
  ...appChannels,
  ...diagnosticsChannels,
  ...jobsChannels,
  ...runTrendsChannels,
  ...logChannels,
  ...settingsChannels,
  ...statusChannels,
  ...accessChannels,
  ...integrationChannels,
  ...credentialsTestChannels,
  ...calendarChannels,
  ...accountsChannels,
  ...organisationChannels,
  ...contactsChannels,
  ...vaultChannels,
  ...emailChannels,
} as const;

export const events = {
  ...jobsEvents,
  ...logEvents,
  ...settingsEvents,
  ...statusEvents,
  ...accessEvents,
  ...integrationEvents,
  ...calendarEvents,
  ...accountsEvents,
  ...contactsEvents,
  ...vaultEvents,
  ...emailEvents,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

const channelNamePattern = /^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/;

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** Used by the contract test: every name follows `domain.verb`. */
export function followsNamingRule(name: string): boolean {
  return channelNamePattern.test(name);
}

export { ipcEventChannel, ipcInvokeChannel } from '../ipc';

export * from './errors';
export * from './app';
export * from './diagnostics';
export * from './jobs';
export * from './runTrends';
export * from './logs';
export * from './settings';
export * from './status';
export * from './access';
export * from './accounts';
export * from './organisation';
export * from './integration';
export * from './integrationSettings';
export * from './calendar';
export * from './contacts';
export * from './vault';
export * from './email';
export * from './pageAddress';
