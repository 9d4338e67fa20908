import type { CheckStatus } from '../../shared/contract';
import type { AnyJob } from '../jobs/jobRun';
import type { BundleContributor } from '../logs/logBundle';
import type { EventEnvelope } from './eventBus';
import type { HandlerRegistry } from './handlerRegistry';

export type CheckOutcome = { status: CheckStatus; summary: string; fix?: string };

/** One cause the guide's troubleshooting knows, checked on demand. Features give their own. */
export type DiagnosticCheck = {
  id: string;
  title: string;
  category: string;
  run(): Promise<CheckOutcome> | CheckOutcome;
};

/** Told every event the console emits (after it is emitted), in order. */
export type EventSubscription = (envelope: EventEnvelope) => void;

/**
 * What every feature factory returns: the one shape the composition root (core.ts) wires. A
 * factory only builds; nothing runs, listens or ticks until `start()`.
 */
export type FeatureModule = {
  /** Binds the feature's contract channels to its services. */
  registerHandlers(registry: HandlerRegistry): void;
  /** What the Diagnostics page checks for this feature. */
  checks?: readonly DiagnosticCheck[];
  /** Jobs the feature adds to the scheduler: scheduled ones, and on-demand ones it starts itself (the contacts push). */
  jobs?: readonly AnyJob[];
  /** Events the feature reacts to (a status that depends on others' changes). */
  subscriptions?: readonly EventSubscription[];
  /** Files the log bundle carries for this feature. */
  bundleContributors?: readonly BundleContributor[];
  /** The events that bring a client that missed some up to date with this feature's state. */
  currentState?(): EventEnvelope[];
  /** Starts timers and background work; called by Core.start in the wiring's order. */
  start?(): void | Promise<void>;
  /** Stops what start() started and waits for work under way; called in reverse order. */
  shutdown?(): void | Promise<void>;
};
