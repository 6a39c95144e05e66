/**
 * A worker spawned early, so its code loads while the API server starts, and
 * started later: what it does before start (fails, exits) is kept and handed
 * to start; terminate ends one that never started.
 */
import type { Worker } from "node:worker_threads";

/** What a worker did before it was started. */
export interface EarlyEnd {
  error?: Error;
  exitCode?: number;
}

export interface SpawnedWorker {
  /** Stops recording early ends and hands the worker over, with what happened before. Once only. */
  start(what: string): { worker: Worker; early: EarlyEnd | undefined };
  /** Ends the worker if it was never started. */
  terminate(): Promise<void>;
}

export function holdSpawnedWorker(worker: Worker): SpawnedWorker {
  let early: EarlyEnd | undefined;
  const onEarlyError = (error: Error) => void ((early ??= {}).error ??= error);
  const onEarlyExit = (exitCode: number) => void ((early ??= {}).exitCode = exitCode);
  worker.on("error", onEarlyError);
  worker.on("exit", onEarlyExit);
  let started = false;
  return {
    start(what) {
      if (started) throw new Error(`the ${what} thread has already started`);
      started = true;
      worker.off("error", onEarlyError);
      worker.off("exit", onEarlyExit);
      return { worker, early };
    },
    async terminate() {
      if (!started) await worker.terminate();
    },
  };
}
