// A bench process driven over IPC: requests carry an id, answers come back with it, so several
// may be outstanding. Used for the emulator's process and the console's at scale.
import { fork, type ChildProcess } from 'node:child_process';

export type IpcChild<Request> = {
  child: ChildProcess;
  /** What the child sent with `{ type: 'ready' }`. */
  ready: Record<string, unknown>;
  ask<T>(request: Request): Promise<T>;
  stop(): Promise<void>;
};

export async function forkIpcChild<Request extends object>(
  script: string,
  args: string[],
  options: { profilesItself?: boolean; execArgv?: string[] } = {},
): Promise<IpcChild<Request>> {
  // BENCH_CPU_PROFILE=<dir>: each child writes a V8 CPU profile there (where a figure's time goes);
  // one that `profilesItself` writes one per phase instead (bench/scaleChild.ts: set-up, each run).
  const profile =
    process.env.BENCH_CPU_PROFILE && !options.profilesItself ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const child = fork(new URL(script, import.meta.url).pathname, args, {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [...profile, ...(options.execArgv ?? [])],
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    child.on('message', (message: { type?: string; id?: number; ok?: boolean; value?: unknown; message?: string }) => {
      if (message.type === 'ready') return resolve(message);
      const pending = message.id === undefined ? undefined : waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id!);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new Error(message.message));
    });
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    child,
    ready,
    ask: <T>(request: Request) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ ...request, id });
      }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
