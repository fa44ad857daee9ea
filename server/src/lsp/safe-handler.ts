/**
 * Every request and notification handler goes through `guarded`: an
 * exception is logged to the client's log and the client gets the handler's
 * empty answer, so one bad input or one bug never takes the server down.
 */
import { ResponseError } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
}

/**
 * Test-only fault injection: MMREVIEW_TEST_FAULTS=hover,analysis makes the
 * named handlers throw, so tests can see the server survive a real failure.
 */
const injected = new Set((process.env.MMREVIEW_TEST_FAULTS ?? '').split(',').map((s) => s.trim()).filter(Boolean));

export function injectFault(name: string): void {
  if (injected.has(name)) throw new Error(`injected fault in ${name}`);
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export function guarded<P extends unknown[], R>(
  log: Logger,
  name: string,
  empty: () => R,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      injectFault(name);
      return await handler(...args);
    } catch (err) {
      // Cancellation answers are part of the protocol, not failures.
      if (err instanceof ResponseError) throw err;
      log.error(`mmreview: ${name} failed: ${describeError(err)}`);
      return empty();
    }
  };
}
