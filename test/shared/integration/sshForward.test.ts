import { describe, expect, it } from 'vitest';
import { sshForwardCommand } from '../../../src/shared/integration/sshForward';

describe('SSH forward command for remote use', () => {
  it('forwards the console port and the fixed redirect port, each to the same number', () => {
    expect(sshForwardCommand({ consolePort: 4780, redirectPort: 53682, host: 'sync-server' })).toBe(
      'ssh -N -L 4780:127.0.0.1:4780 -L 53682:127.0.0.1:53682 sync-server',
    );
  });
  it('forwards the console port alone when no redirect port is fixed (or it is the same one)', () => {
    expect(sshForwardCommand({ consolePort: 4780, redirectPort: null, host: 'h' })).toBe('ssh -N -L 4780:127.0.0.1:4780 h');
    expect(sshForwardCommand({ consolePort: 4780, redirectPort: 4780, host: 'h' })).toBe('ssh -N -L 4780:127.0.0.1:4780 h');
  });
});
