// SIGKILL in the middle of a fetch (a real child process, killed while it keeps messages), then a
// rerun: every message is kept exactly once, and the folder's progress matches what was kept.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { EmailAccount } from '../../../src/shared/contract';
import { dovecotBinary } from '../../support/dovecot';
import { callOk } from '../accounts/accountsFixture';
import { ADELE, appendMessages, asMailbox, rawMessage, useEmailServers } from './emailFixture';

const child = join(import.meta.dirname, 'support', 'fetchInChild.ts');
const total = 500;

function startChild(env: Record<string, string>) {
  const process_ = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', './bench/register.mjs', child], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  process_.stdout.on('data', (chunk) => (output += chunk));
  process_.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    process_.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: process_, exited, output: () => output };
}

describe.skipIf(!dovecotBinary)('a fetch killed mid-way', () => {
  const { servers, setUpConsole } = useEmailServers();

  it('keeps each message once after SIGKILL and a rerun', { timeout: 240_000 }, async () => {
    const { core, userIds } = await setUpConsole({ mailboxes: [ADELE] });
    const raws = await Promise.all(
      Array.from({ length: total }, (_, i) =>
        rawMessage({
          from: 'patti@fabrikam.example',
          to: ADELE,
          subject: `Killed ${i}`,
          text: `Body ${i} `.repeat(50),
          messageId: `<kill-${i}@test.example>`,
        }),
      ),
    );
    await asMailbox(core, userIds[0], ADELE, servers.dovecot.port, servers.emulator.caCert, (client) =>
      appendMessages(client, 'KillTest', raws),
    );
    const account = await callOk<EmailAccount>(core, 'email.saveAccount', {
      fields: { kind: 'personal', userId: userIds[0], folders: ['KillTest'] },
    });
    const token = await (await core.accounts.mailAccess(userIds[0]))!.accessToken();
    const { dataDir } = await callOk<{ dataDir: string }>(core, 'app.info');
    await core.shutdown();
    const env = {
      DATA_DIR: dataDir,
      ACCOUNT_ID: String(account.id),
      MAIL_TOKEN: token,
      IMAP_PORT: String(servers.dovecot.port),
      CUSTOM_CA: servers.emulator.caCert,
    };

    const reader = new DatabaseSync(join(dataDir, 'workspace.db'), { readOnly: true });
    const kept = () => (reader.prepare('SELECT COUNT(*) AS n FROM email_messages').get() as { n: number }).n;
    const first = startChild(env);
    for (;;) {
      if (kept() >= 100 || first.process.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    first.process.kill('SIGKILL');
    expect(await first.exited, first.output()).toEqual({ code: null, signal: 'SIGKILL' });
    const afterKill = kept();
    expect(afterKill).toBeGreaterThanOrEqual(100);
    expect(afterKill).toBeLessThan(total);
    // The folder's progress is exactly the last message kept: nothing kept lies beyond it, nothing before it is missing.
    const state = reader.prepare("SELECT last_uid FROM email_folder_state WHERE folder_path = 'KillTest'").get() as { last_uid: number };
    const maxUid = reader.prepare("SELECT MAX(uid) AS uid, COUNT(*) AS n FROM email_messages WHERE folder_path = 'KillTest'").get() as {
      uid: number;
      n: number;
    };
    expect(state.last_uid).toBe(maxUid.uid);
    expect(maxUid.n).toBe(maxUid.uid);

    const rerun = startChild(env);
    expect(await rerun.exited, rerun.output()).toEqual({ code: 0, signal: null });
    expect(JSON.parse(rerun.output().trim().split('\n').at(-1)!)).toEqual({ fetched: total - afterKill, alreadyKept: 0 });
    const rows = reader.prepare('SELECT message_id, COUNT(*) AS copies FROM email_messages GROUP BY message_id').all() as Array<{
      message_id: string;
      copies: number;
    }>;
    expect(rows).toHaveLength(total);
    expect(rows.every((row) => row.copies === 1)).toBe(true);
    expect(new Set(rows.map((row) => row.message_id))).toEqual(
      new Set(Array.from({ length: total }, (_, i) => `<kill-${i}@test.example>`)),
    );
    reader.close();
  });
});
