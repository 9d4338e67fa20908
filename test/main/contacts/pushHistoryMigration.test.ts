// Migration 12 carries the pushes made before contacts pushes became job runs into the job
// history: each keeps its id, status (a cancelled one interrupted, with the cancel recorded),
// times, summary, what it pushed and the push it resumed, so it is listed and resumed as before.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { PushProgress, RunDetail } from '../../../src/shared/contract';
import { migrations } from '../../../src/main/store/migrations';
import { openWorkspaceDatabase } from '../../../src/main/store/workspaceDatabase';
import { useTempDirs } from '../../support/tempDir';
import { callOk, createTestCore } from '../../support/testCore';

const tempDir = useTempDirs();

it('carries every earlier push into the job history, where it is listed and resumed as before', async () => {
  const dataDir = tempDir();
  const before = openWorkspaceDatabase({
    path: join(dataDir, 'workspace.db'),
    now: () => new Date(),
    notify: () => {},
    migrations: migrations.filter((migration) => migration.version <= 11),
  });
  const insert = before.prepare(
    'INSERT INTO contact_pushes (id, resume_of, started_at, finished_at, status, selection, user_ids, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const byCompany = '{"kind":"contact","search":"Contoso"}';
  insert.run(
    'p-done',
    null,
    '2026-11-20T10:00:00.000Z',
    '2026-11-20T10:00:02.500Z',
    'done',
    '{"ids":[1,2]}',
    '[5]',
    'Done. Ann Lee: 2 created, 0 updated.',
  );
  insert.run('p-cancelled', null, '2026-11-21T10:00:00.000Z', '2026-11-21T10:00:01.000Z', 'cancelled', byCompany, '[5,6]', 'Cancelled.');
  insert.run('p-resumed', 'p-cancelled', '2026-11-22T10:00:00.000Z', '2026-11-22T10:00:03.000Z', 'partial', byCompany, '[5,6]', 'Partial.');
  // The console was killed during this one.
  insert.run('p-running', null, '2026-11-23T10:00:00.000Z', null, 'running', '{"ids":[3]}', '[6]', 'Running…');
  before.close();

  const core = createTestCore(dataDir, { clock: { now: () => new Date('2026-11-26T12:00:00Z') } });
  try {
    const pushes = await callOk<PushProgress[]>(core, 'contacts.pushes');
    expect(pushes.map((push) => [push.pushId, push.status, push.resumeOf, push.resumable])).toEqual([
      ['p-running', 'interrupted', null, true],
      ['p-resumed', 'partial', 'p-cancelled', true],
      ['p-cancelled', 'cancelled', null, true],
      ['p-done', 'done', null, false],
    ]);
    expect(await callOk<RunDetail>(core, 'jobs.runDetail', { runId: 'p-done' })).toMatchObject({
      jobId: 'contactsPush',
      trigger: 'manual',
      status: 'success',
      startedAt: '2026-11-20T10:00:00.000Z',
      durationMs: 2500,
      usersDone: 1,
      usersTotal: 1,
      summary: 'Done. Ann Lee: 2 created, 0 updated.',
    });
    expect({ ...core.database.prepare("SELECT input, cancelled FROM job_runs WHERE id = 'p-cancelled'").get() }).toEqual({
      input: `{"selection":${byCompany},"userIds":[5,6]}`,
      cancelled: 1,
    });
    expect(core.database.prepare("SELECT name FROM sqlite_master WHERE name = 'contact_pushes'").get()).toBeUndefined();
    // Finished without problems: nothing to resume. The others are resumed from what they pushed
    // (here a search that no longer matches a record, so the resume says so).
    await expect(callOk(core, 'contacts.resumePush', { pushId: 'p-done' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(callOk(core, 'contacts.resumePush', { pushId: 'p-resumed' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Nothing to push: no record matches the selection or the search.',
    });
  } finally {
    await core.shutdown();
  }
});
