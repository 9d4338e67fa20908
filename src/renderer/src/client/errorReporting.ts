import type { ContractClient } from './contractClient';

/** Sends the window's uncaught errors to the main log, where the administrator and support look. */
export function reportRendererErrors(client: ContractClient, target: Window = window): void {
  const send = (message: string, stack?: string) => {
    void client
      .call('log.report', { level: 'error', message: message.slice(0, 4000) || 'Unknown error', stack: stack?.slice(0, 20_000) })
      .catch(() => {
        // Nowhere left to report to: the core is unreachable, which the page already shows.
      });
  };
  target.addEventListener('error', (event) => send(`Renderer error: ${event.message}`, (event.error as Error | undefined)?.stack));
  target.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason as unknown;
    send(
      `Renderer promise rejected: ${reason instanceof Error ? reason.message : String(reason)}`,
      reason instanceof Error ? reason.stack : undefined,
    );
  });
}
