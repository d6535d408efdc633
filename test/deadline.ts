// Waiting with a deadline: a test that waits for something that never comes fails, saying what it
// waited for, instead of hanging until the runner gives up on it.
import type { ChildProcess } from 'node:child_process';

/** The promise's value; a failure naming `what` when it has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The exit code of a child process (null when a signal ended it), once its output is all read. One
 * still running after `ms` is killed, and the wait fails naming `what`.
 */
export async function exitOf(child: ChildProcess, ms: number, what: string): Promise<number | null> {
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  try {
    return await within(exited, ms, `${what} to exit`);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
