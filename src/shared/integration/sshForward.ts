/**
 * The SSH command that reaches a headless console from another computer: its own port, and the
 * fixed sign-in redirect port, each forwarded to the same number on the administrator's side —
 * the console checks the port in the Host header, and Microsoft sends the sign-in answer to
 * `localhost:<redirect port>` in the administrator's browser, which the second forward carries back.
 */
export function sshForwardCommand(options: { consolePort: number; redirectPort: number | null; host: string }): string {
  const ports = [options.consolePort];
  if (options.redirectPort !== null && options.redirectPort !== options.consolePort) ports.push(options.redirectPort);
  return `ssh -N ${ports.map((port) => `-L ${port}:127.0.0.1:${port}`).join(' ')} ${options.host}`;
}

/** A port a fixed redirect port could use when none is set yet: outside the console's own and the ephemeral range. */
export const suggestedRedirectPort = 53682;
