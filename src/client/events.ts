/**
 * The event recorder contract: components report what they did or why they
 * could not (ScalingReplicaSet, FailedScheduling, NodeNotReady, ...) as
 * core/v1 Events, aggregated as client-go's recorder does (a repeat of the
 * same event bumps count and lastTimestamp instead of creating another).
 */
import type { KubeObject } from "../api/types.js";

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  /** Records an event about obj. Never throws and never blocks the caller. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
  /** Resolves when every event recorded so far has been written (for tests and shutdown). */
  flush(): Promise<void>;
}
