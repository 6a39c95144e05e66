/**
 * An EventRecorder writing core/v1 Events as client-go's recorder does:
 * named "<object name>.<unix nanoseconds in hex>", in the object's
 * namespace ("default" for cluster-scoped objects), filtered, aggregated
 * and de-duplicated by the EventCorrelator. Writes happen in the
 * background, in order; failures are retried (12 tries, 10s apart, as
 * upstream) and never reach the caller.
 */
import { isApiError } from "../api/errors.js";
import type { Clock } from "../util/clock.js";
import { EventCorrelator, type Correlation, type CorrelatorOptions } from "./event-correlator.js";
import type { CoreEvent, ObjectReference } from "./event-types.js";
import type { EventRecorder, EventType } from "./events.js";
import { EVENTS } from "./resources.js";
import type { Client, KubeObject } from "./types.js";
import { formatTime } from "../util/time.js";

export interface EventRecorderOptions {
  client: Client;
  clock: Clock;
  /** source.component and reportingComponent, e.g. "deployment-controller", "default-scheduler", "kubelet". */
  component: string;
  /** source.host and reportingInstance, e.g. the node name for kubelets. */
  host?: string;
  /** Upstream's sink retry policy: tries and the pause between them. */
  maxTries?: number;
  retryDelayMs?: number;
  correlator?: Omit<CorrelatorOptions, "clock">;
  log?: (msg: string) => void;
}

export { formatTime };

export function createEventRecorder(opts: EventRecorderOptions): EventRecorder {
  const { client, clock, component } = opts;
  const host = opts.host ?? "";
  const correlator = new EventCorrelator({ ...opts.correlator, clock });
  let tail: Promise<void> = Promise.resolve();
  let lastNanos = 0n;

  /** Unique per recorder even when the clock has not moved (a virtual clock, or one millisecond). */
  const nanos = (): bigint => {
    let n = BigInt(clock.now()) * 1_000_000n;
    if (n <= lastNanos) n = lastNanos + 1n;
    return (lastNanos = n);
  };

  const build = (obj: KubeObject, type: EventType, reason: string, message: string): CoreEvent => {
    const now = formatTime(clock.now());
    const ref: ObjectReference = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
    };
    return {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${obj.metadata.name}.${nanos().toString(16)}`, namespace: obj.metadata.namespace || "default" },
      involvedObject: ref,
      reason,
      message,
      source: host ? { component, host } : { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      reportingComponent: component,
      reportingInstance: host,
    };
  };

  const writeOnce = async (c: Exclude<Correlation, { action: "drop" }>): Promise<void> => {
    const ns = c.event.metadata.namespace;
    if (c.action === "patch") {
      try {
        await client.patch(EVENTS, ns, c.event.metadata.name!, "strategic", c.patch);
        correlator.observe(c.key, c.event);
        return;
      } catch (err) {
        if (!isApiError(err, "NotFound")) throw err;
        // The Event expired: write it anew, keeping the count.
      }
    }
    const created = await client.create<CoreEvent>(EVENTS, ns, { ...c.event, metadata: { ...c.event.metadata, resourceVersion: undefined } });
    correlator.observe(c.key, created);
  };

  const write = async (c: Exclude<Correlation, { action: "drop" }>): Promise<void> => {
    const tries = opts.maxTries ?? 12;
    for (let i = 1; ; i++) {
      try {
        return await writeOnce(c);
      } catch (err) {
        const permanent = isApiError(err) && err.code >= 400 && err.code < 500 && err.code !== 429;
        if (permanent || i >= tries) {
          if (isApiError(err, "NotFound") || isApiError(err, "AlreadyExists")) correlator.forget(c.key);
          opts.log?.(`Server rejected event '${c.event.metadata.name}' (will not retry!): ${(err as Error).message}`);
          return;
        }
        await clock.sleep(opts.retryDelayMs ?? 10_000);
      }
    }
  };

  return {
    event(obj, type, reason, message) {
      let ev: CoreEvent;
      try {
        ev = build(obj, type, reason, message);
      } catch (err) {
        opts.log?.(`could not record event: ${(err as Error).message}`);
        return;
      }
      // Correlate in write order: a repeat must see the Event its predecessor wrote.
      tail = tail
        .then(async () => {
          const c = correlator.correlate(ev);
          if (c.action !== "drop") await write(c);
        })
        .catch(() => undefined);
    },
    flush: async () => {
      // Writes queued while waiting extend the tail: wait until it stops moving.
      for (let seen: Promise<void> | undefined; seen !== tail; ) await (seen = tail);
    },
  };
}
