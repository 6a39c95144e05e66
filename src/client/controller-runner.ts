/**
 * The sample-controller worker loop: N workers take keys from the queue and
 * call sync(key). Success forgets the key's back-off; a PermanentError is
 * logged and forgotten; any other error requeues the key rate-limited.
 * Aborting the signal shuts the queue down; runController resolves once
 * every worker has finished its current key.
 */
import { PermanentError, type WorkQueue } from "./types.js";

export interface RunControllerOptions<K = string> {
  name: string;
  queue: WorkQueue<K>;
  workers: number;
  signal: AbortSignal;
  sync: (key: K) => Promise<void>;
  log?: (msg: string) => void;
  /** Sync errors; default: log. */
  error?: (msg: string) => void;
}

export async function runController<K = string>(opts: RunControllerOptions<K>): Promise<void> {
  const { queue, signal, name } = opts;
  const log = opts.log ?? (() => undefined);
  const error = opts.error ?? log;
  const stop = () => queue.shutDown();
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
  log(`Starting ${name} controller with ${opts.workers} workers`);

  const worker = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await opts.sync(key);
        queue.forget(key);
      } catch (err) {
        if (err instanceof PermanentError) {
          error(`${name}: error syncing ${JSON.stringify(key)}: ${err.message}; not retrying`);
          queue.forget(key);
        } else {
          error(`${name}: error syncing ${JSON.stringify(key)}: ${(err as Error)?.message ?? String(err)}, requeuing`);
          queue.addRateLimited(key);
        }
      } finally {
        queue.done(key);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.workers) }, worker));
  } finally {
    signal.removeEventListener("abort", stop);
    log(`Shutting down ${name} controller`);
  }
}
