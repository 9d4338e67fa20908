// A real process taking a data folder's lock, as a console does at start: `node dataFolderLockHolder.ts DIR MODE`.
// Prints "held PID" and keeps the lock until SIGTERM (released) or SIGKILL (left stale); a folder
// in use prints the refusal and exits 3, as headless mode does. Runs on Node 24's type stripping.
import { acquireDataFolderLock, DataFolderInUseError, type ConsoleMode } from '../../src/main/app/dataFolderLock.ts';

const [dataDir, mode = 'headless'] = process.argv.slice(2);
try {
  const lock = acquireDataFolderLock(dataDir, { mode: mode as ConsoleMode });
  // The handler goes in before "held" is said: a test may send SIGTERM the moment it reads it.
  process.on('SIGTERM', () => {
    lock.release();
    process.exit(0);
  });
  console.log(`held ${process.pid}`);
  setInterval(() => {}, 60_000);
} catch (error) {
  console.error((error as Error).message);
  process.exit(error instanceof DataFolderInUseError ? 3 : 1);
}
