/**
 * Builds the controller manager and the scheduler from a way to make
 * clients: the same construction whether they run in the API server's
 * thread (loopback clients) or in a worker thread (port clients).
 */
import type { Registry } from "prom-client";
import { createEventRecorder, createEventsV1Recorder, createInformerFactory } from "../client/index.js";
import type { Client, Component } from "../client/types.js";
import type { UserInfo } from "../api/types.js";
import { defaultControllerManagerOptions, type ControllerManagerOptions } from "../controllers/context.js";
import { createControllerManager } from "../controllers/manager.js";
import { createScheduler } from "../scheduler/index.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/log.js";
import { controllerManagerUser, schedulerUser } from "./identities.js";
import { createRegistry, createSchedulerMetrics, createWorkQueueMetricsProvider, registerProcessMetrics } from "../metrics/index.js";
import type { ControlPlaneComponentName } from "./control-plane-names.js";

export type { ControlPlaneComponentName } from "./control-plane-names.js";

/** The controller manager's options as `skiff up` takes them: plain data, so they can cross to a worker thread. */
export type ControllersConfig = Partial<ControllerManagerOptions> & { enabled?: string[] };

/** A client acting as user; the User-Agent's program name becomes its field manager. */
export type ClientFactory = (user: UserInfo, identity: string, program?: string) => Client;

export interface BuiltComponent {
  endpointName: ControlPlaneComponentName;
  component: Component;
  /** What its /metrics shows. */
  registry: Registry;
  /** Its /readyz check, named as upstream's. */
  readyCheck: string;
}

export function buildControlPlaneComponent(name: ControlPlaneComponentName, o: { clientFor: ClientFactory; clock: Clock; logger: Logger; controllers?: ControllersConfig }): BuiltComponent {
  const { clientFor, clock, logger } = o;
  if (name === "kube-controller-manager") {
    const client = clientFor(controllerManagerUser, "kube-controller-manager");
    const log = logger.child("kube-controller-manager");
    const { enabled, ...controllerOptions } = o.controllers ?? {};
    const registry = createRegistry();
    registerProcessMetrics(registry);
    const component = createControllerManager(
      {
        client,
        informers: createInformerFactory({ client, clock, log: (m) => log.log(4, m) }),
        clock,
        recorder: (c) => createEventRecorder({ client, clock, component: c }),
        options: { ...defaultControllerManagerOptions, ...controllerOptions },
        verbosity: logger.verbosity,
        log: (level, m) => log.log(level, m),
        error: (m) => log.error(m),
        workQueueMetrics: createWorkQueueMetricsProvider(registry),
        clientAs: (user) => {
          const own = clientFor(user, `kube-controller-manager:${user.username}`, "kube-controller-manager");
          return { client: own, recorder: (c) => createEventRecorder({ client: own, clock, component: c }) };
        },
      },
      { controllers: enabled },
    );
    return { endpointName: name, component, registry, readyCheck: "informer-sync" };
  }
  const client = clientFor(schedulerUser, "kube-scheduler");
  const slog = logger.child("kube-scheduler");
  const metrics = createSchedulerMetrics();
  const component = createScheduler({
    client,
    informers: createInformerFactory({ client, clock }),
    clock,
    verbosity: logger.verbosity,
    log: (level, m) => slog.log(level, m),
    // As upstream's scheduler: events.k8s.io/v1 Events, repeats as series.
    recorder: createEventsV1Recorder({ client, clock, reportingController: "default-scheduler" }),
    metrics,
  });
  return { endpointName: name, component, registry: metrics.registry, readyCheck: "sched-handler-sync" };
}
