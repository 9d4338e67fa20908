import { userInfo } from 'node:os';

/**
 * Who is at the console: the OS account running it. The console has no sign-in of its own, so
 * this is the "who" of audit entries. userInfo() throws where the account has no passwd entry
 * (some containers); the environment's USER is the next best witness.
 */
export function operatorName(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown OS account';
  }
}
