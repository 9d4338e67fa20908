import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../src/shared/contract';
import { LogService } from '../../../src/main/logs/logService';
import { useTempDirs } from '../../support/tempDir';

const secret = 'Zx8Q~client.secret-VALUE-42';
const accessToken = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJncmFwaCJ9.c2lnbmF0dXJlLXZhbHVl';

function createLogs(directory: string, streamed: LogEntry[] = [], at = '2026-11-26T12:00:00', batches: LogEntry[][] = []) {
  const logs = new LogService({
    directory,
    now: () => new Date(at),
    level: 'info',
    onEntry: (entry) => streamed.push(entry),
    onEntries: (entries) => batches.push(entries),
  });
  logs.redactor.registerSecret(secret);
  return logs;
}

describe('LogService', () => {
  const tempDir = useTempDirs();

  it('writes structured entries to the day’s file, the buffer and the stream', async () => {
    const directory = tempDir();
    const streamed: LogEntry[] = [];
    const logs = createLogs(directory, streamed);
    logs.logger('settings').info('Saved the integration settings.', { fields: 3 });
    logs.logger('jobs', 'run-7').warning('Mailbox busy; retrying.', { mailbox: 'ann@contoso.com' });
    await logs.flushed();
    expect(readdirSync(directory)).toEqual(['console-2026-11-26.log']);
    const lines = readFileSync(join(directory, 'console-2026-11-26.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      level: 'warning',
      source: 'jobs',
      runId: 'run-7',
      message: 'Mailbox busy; retrying.',
      mailbox: 'ann@contoso.com',
    });
    expect(streamed.map((entry) => [entry.seq, entry.level, entry.source, entry.runId])).toEqual([
      [0, 'info', 'settings', null],
      [1, 'warning', 'jobs', 'run-7'],
    ]);
    expect(streamed[0].fields).toEqual({ fields: 3 });
    expect(logs.recent()).toEqual(streamed);
  });

  it("writes each key once when a child changes the source of a run's logger", async () => {
    const directory = tempDir();
    const logs = createLogs(directory);
    logs.logger('jobs', 'run-8').child({ source: 'sync' }).info('Adele Vance: calendar synced.', { message: 'a clashing field' });
    await logs.flushed();
    const line = readFileSync(join(directory, 'console-2026-11-26.log'), 'utf8').trim();
    expect(line.match(/"source":/g)).toHaveLength(1);
    expect(line.match(/"runId":/g)).toHaveLength(1);
    expect(line.match(/"message":/g)).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ source: 'sync', runId: 'run-8', message: 'Adele Vance: calendar synced.' });
  });

  it('keeps secrets and tokens out of the file, the buffer and the stream', async () => {
    const directory = tempDir();
    const streamed: LogEntry[] = [];
    const batches: LogEntry[][] = [];
    const logs = createLogs(directory, streamed, undefined, batches);
    const log = logs.logger('auth');
    log.error(`Token request failed for secret ${secret}`, { clientSecret: secret, response: `{"access_token":"${accessToken}"}` });
    log.info('Calling Graph', { headers: { Authorization: `Bearer ${accessToken}` }, url: `https://localhost/cb?code=${secret}` });
    log.error('Unexpected failure', { error: new Error(`boom ${secret} ${accessToken}`) });
    log.warning('Refresh failed', { body: JSON.stringify({ refresh_token: 'M.C5_BAY.opaque-refresh', error: 'invalid_grant' }) });
    await logs.flushed();
    const file = readFileSync(join(directory, 'console-2026-11-26.log'), 'utf8');
    expect(batches.flat()).toHaveLength(4);
    for (const text of [file, JSON.stringify(streamed), JSON.stringify(batches), JSON.stringify(logs.recent())]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(accessToken);
      expect(text).not.toContain('opaque-refresh');
      expect(text).toContain('invalid_grant');
      expect(text).toContain('[redacted]');
    }
  });

  it('sends the live view the same entries in batches, in order, and what is pending when flushed or closed', async () => {
    const streamed: LogEntry[] = [];
    const batches: LogEntry[][] = [];
    const logs = new LogService({
      directory: tempDir(),
      now: () => new Date(),
      level: 'info',
      onEntry: (entry) => streamed.push(entry),
      onEntries: (entries) => batches.push(entries),
      liveBatch: { windowMs: 60_000, maxEntries: 4 },
    });
    for (let index = 0; index < 6; index += 1) logs.logger('sync').info(`entry ${index}`);
    // Four make a full batch, sent at once; the other two wait for the window (a minute here).
    expect(batches.map((batch) => batch.map((entry) => entry.message))).toEqual([['entry 0', 'entry 1', 'entry 2', 'entry 3']]);
    await logs.flushed();
    expect(batches.map((batch) => batch.length)).toEqual([4, 2]);
    logs.logger('sync').info('entry 6');
    await logs.close();
    expect(batches.flat()).toEqual(streamed);
    expect(batches.flat().map((entry) => entry.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('changes level at run time', () => {
    const streamed: LogEntry[] = [];
    const logs = createLogs(tempDir(), streamed);
    const log = logs.logger('sync');
    log.debug('hidden at INFO');
    logs.setLevel('debug');
    log.debug('shown at DEBUG');
    logs.setLevel('error');
    log.warning('hidden at ERROR');
    log.error('shown at ERROR');
    expect(streamed.map((entry) => entry.message)).toEqual(['shown at DEBUG', 'shown at ERROR']);
  });

  it('keeps only the newest entries in memory', () => {
    const logs = new LogService({ directory: tempDir(), now: () => new Date(), level: 'info', memoryEntries: 3 });
    for (let index = 0; index < 5; index += 1) logs.logger('core').info(`entry ${index}`);
    expect(logs.recent().map((entry) => entry.message)).toEqual(['entry 2', 'entry 3', 'entry 4']);
  });

  it('deletes the files of days past the retention, and nothing else', () => {
    const directory = tempDir();
    const logs = createLogs(directory);
    for (const day of ['2026-10-01', '2026-10-27', '2026-10-28', '2026-11-26'])
      writeFileSync(join(directory, `console-${day}.log`), '{}\n');
    writeFileSync(join(directory, 'notes.txt'), 'kept');
    utimesSync(join(directory, 'notes.txt'), new Date('2020-01-01'), new Date('2020-01-01'));
    const removed = logs.prune(30);
    expect(removed.map((path) => path.split('/').pop())).toEqual(['console-2026-10-01.log', 'console-2026-10-27.log']);
    expect(readdirSync(directory).sort()).toEqual(['console-2026-10-28.log', 'console-2026-11-26.log', 'notes.txt']);
  });
});

describe('LogService when the log folder goes away', () => {
  const tempDir = useTempDirs();

  it('makes the folder again, and never throws into the code that logs', async () => {
    const { rmSync } = await import('node:fs');
    const directory = join(tempDir(), 'logs');
    let clock = new Date('2026-11-26T12:00:00').getTime();
    const logs = new LogService({ directory, now: () => new Date(clock), level: 'info' });
    logs.logger('core').info('before the folder was deleted');
    await logs.flushed();
    rmSync(directory, { recursive: true });
    // The open file is checked for having been deleted at most once a second of the console's clock.
    clock += 1000;
    expect(() => logs.logger('core').info('after the folder was deleted')).not.toThrow();
    await logs.flushed();
    const text = readFileSync(join(directory, 'console-2026-11-26.log'), 'utf8');
    expect(text).toContain('after the folder was deleted');
    expect(text).not.toContain('before the folder was deleted');
    await logs.close();
  });
});

describe('LogService writing asynchronously', () => {
  const tempDir = useTempDirs();

  it('puts a day’s lines in that day’s file and reads them back after they are written', async () => {
    const directory = tempDir();
    let now = new Date('2026-11-26T23:59:59');
    const logs = new LogService({ directory, now: () => now, level: 'info' });
    logs.logger('core').info('late on the 26th');
    now = new Date('2026-11-27T00:00:01');
    logs.logger('core').info('early on the 27th');
    expect((await logs.readDay('2026-11-27')).map((entry) => entry.message)).toEqual(['early on the 27th']);
    await logs.close();
    expect((await logs.readDay('2026-11-26')).map((entry) => entry.message)).toEqual(['late on the 26th']);
  });

  it('keeps appending after close, so a line logged during shutdown is not lost', async () => {
    const directory = tempDir();
    const logs = createLogs(directory);
    logs.logger('core').info('first');
    await logs.close();
    logs.logger('core').info('after close');
    await logs.close();
    expect((await logs.readDay('2026-11-26')).map((entry) => entry.message)).toEqual(['first', 'after close']);
  });
});

describe('LogService in a real process', () => {
  const tempDir = useTempDirs();
  const child = join(import.meta.dirname, 'support', 'logInChild.ts');
  const count = 20_000;
  const childSecret = 'Zx8Q~child.secret-VALUE-77';

  async function logInChild(end: 'stop' | 'exit' | 'throw') {
    const directory = tempDir();
    const process_ = spawn(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings', '--import', './bench/register.mjs', child],
      {
        env: { ...process.env, LOG_DIR: directory, LOG_COUNT: String(count), LOG_END: end, LOG_SECRET: childSecret },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let errors = '';
    process_.stderr.on('data', (chunk) => (errors += chunk));
    const code = await new Promise<number | null>((resolve) => process_.on('exit', (exitCode) => resolve(exitCode)));
    const text = readdirSync(directory)
      .map((name) => readFileSync(join(directory, name), 'utf8'))
      .join('');
    return { code, errors, text, lines: text.split('\n').filter(Boolean) };
  }

  it('has every line in the file after a normal stop, and no secret', { timeout: 120_000 }, async () => {
    const { code, text, lines } = await logInChild('stop');
    expect(code).toBe(0);
    expect(lines).toHaveLength(count);
    expect(lines.map((line) => JSON.parse(line).index)).toEqual(Array.from({ length: count }, (_, index) => index));
    expect(text).not.toContain(childSecret);
  });

  it('writes the queued lines on the way out of process.exit and of an uncaught exception', { timeout: 120_000 }, async () => {
    for (const end of ['exit', 'throw'] as const) {
      const { code, errors, lines } = await logInChild(end);
      expect(code, errors).toBe(end === 'exit' ? 0 : 1);
      if (end === 'throw') expect(errors).toContain('deliberate crash after logging');
      expect(lines, `${end}: lines in the file`).toHaveLength(count);
      expect(JSON.parse(lines.at(-1)!).index).toBe(count - 1);
    }
  });
});
