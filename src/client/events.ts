/**
 * The event recorder contract: components report what they did or why they
 * could not (ScalingReplicaSet, FailedScheduling, NodeNotReady, ...) as
 * Events, aggregated as client-go's recorders do: core/v1 (a repeat of the
 * same event bumps count and lastTimestamp instead of creating another) or
 * events.k8s.io/v1 (repeats become a series).
 */
import type { KubeObject } from "../api/types.js";

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  /**
   * Records an event about obj. Never throws and never blocks the caller.
   * `action` (what was done or failed, e.g. "Binding") is written by
   * events.k8s.io/v1 recorders, with `related` (a second object the event
   * involves, e.g. the preemptor); core/v1 Events have neither.
   */
  event(obj: KubeObject, type: EventType, reason: string, message: string, action?: string, related?: KubeObject): void;
  /** Resolves when every event recorded so far has been written (for tests and shutdown). */
  flush(): Promise<void>;
}
