// A real process that logs LOG_COUNT entries through the LogService and then ends as LOG_END says:
// `stop` (the console's shutdown: close, then exit), `exit` (process.exit with lines still queued)
// or `throw` (an uncaught exception). The parent counts the lines that reached the file.
import { LogService } from '../../../../src/main/logs/logService';

const directory = process.env.LOG_DIR!;
const count = Number(process.env.LOG_COUNT);
const secret = process.env.LOG_SECRET!;
const logs = new LogService({ directory, now: () => new Date(), level: 'info' });
logs.redactor.registerSecret(secret);
const log = logs.logger('child');
for (let index = 0; index < count; index += 1) {
  log.info(`line ${index} with ${secret}`, { index, clientSecret: secret, note: `padding ${'x'.repeat(200)}` });
}
if (process.env.LOG_END === 'stop') {
  void logs.close().then(() => process.exit(0));
} else if (process.env.LOG_END === 'exit') {
  process.exit(0);
} else {
  throw new Error('deliberate crash after logging');
}
