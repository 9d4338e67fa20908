import {
  channels,
  ContractError,
  describeIssues,
  isChannelName,
  issuesFromZod,
  type CallResult,
  type ChannelName,
  type ChannelOutput,
} from '../../shared/contract';
import type { z } from 'zod';

export type CallContext = {
  /** Which transport carried the call: used in logs, never for access decisions. */
  transport: 'ipc' | 'http' | 'internal';
};

export type ChannelHandler<C extends ChannelName> = (
  input: z.output<(typeof channels)[C]['input']>,
  context: CallContext,
) => Promise<ChannelOutput<C>> | ChannelOutput<C>;

export type ErrorReporter = (channel: string, error: unknown) => void;

/**
 * The one door every call passes through, whatever carried it: the channel must be in the
 * contract, its payload is parsed with the channel's schema, and the handler's answer is parsed
 * with the output schema so nothing the contract does not describe (a secret field, say) leaks.
 */
export class HandlerRegistry {
  private readonly handlers = new Map<ChannelName, ChannelHandler<ChannelName>>();

  constructor(private readonly reportError: ErrorReporter = () => {}) {}

  handle<C extends ChannelName>(channel: C, handler: ChannelHandler<C>): void {
    if (!isChannelName(channel)) {
      throw new Error(`Cannot register a handler for "${String(channel)}": it is not in the contract.`);
    }
    if (this.handlers.has(channel)) {
      throw new Error(`A handler for "${channel}" is already registered.`);
    }
    this.handlers.set(channel, handler as unknown as ChannelHandler<ChannelName>);
  }

  registeredChannels(): ChannelName[] {
    return [...this.handlers.keys()];
  }

  /** Runs a call from outside. Never throws: every failure becomes a typed error result. */
  async invoke(channel: unknown, rawInput: unknown, context: CallContext): Promise<CallResult> {
    if (!isChannelName(channel)) {
      return failure(new ContractError('UNKNOWN_CHANNEL', `There is no channel named "${String(channel)}".`));
    }
    const handler = this.handlers.get(channel);
    if (!handler) {
      return failure(new ContractError('UNKNOWN_CHANNEL', `The channel "${channel}" has no handler.`));
    }
    const parsedInput = channels[channel].input.safeParse(rawInput);
    if (!parsedInput.success) {
      const issues = issuesFromZod(parsedInput.error);
      return failure(new ContractError('VALIDATION', describeIssues(issues), issues));
    }
    try {
      const output = await handler(parsedInput.data as never, context);
      const parsedOutput = channels[channel].output.safeParse(output);
      if (!parsedOutput.success) {
        this.reportError(channel, parsedOutput.error);
        return failure(new ContractError('INTERNAL', `The console produced an invalid answer for "${channel}".`));
      }
      return { ok: true, result: parsedOutput.data };
    } catch (error) {
      if (error instanceof ContractError) return failure(error);
      this.reportError(channel, error);
      return failure(new ContractError('INTERNAL', `"${channel}" failed unexpectedly. The details are in the log.`));
    }
  }
}

function failure(error: ContractError): CallResult {
  return { ok: false, error: error.toPayload() };
}
