/**
 * The CRD controllers, run inside the API server as upstream's
 * apiextensions-apiserver runs them, against the server itself through the
 * loopback transport: naming, establishing, finalizer, and the serving of
 * custom resources following every CRD change.
 */
import { isApiError } from "../../api/errors.js";
import { CLEANUP_FINALIZER, setCRDCondition, type CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { rfc3339 } from "../../api/printers.js";
import { createClient, createInformerFactory, createLoopbackTransport, createWorkQueue, runController, type LoopbackServer } from "../../client/index.js";
import type { Client, GVR } from "../../client/types.js";
import type { UserInfo } from "../../api/types.js";
import type { Clock } from "../../util/clock.js";
import type { CustomResourceServer } from "../serving/custom-resource-server.js";
import type { ResourceRegistry } from "../../apiserver/registry/registry.js";
import { calculateNames } from "./naming.js";
import { approvalCondition } from "./api-approval.js";
import { ESTABLISHED, needsEstablishing } from "./establishing.js";
import { CHECK_TIMEOUT_MS, DELETION_CHECK, DELETION_COMPLETED, DELETION_IN_PROGRESS, NEVER_ESTABLISHED, RECHECK_MS, deleteInstances, deletionFailed, needsFinalizing, wasEstablished } from "./finalizer.js";

export const CRDS: GVR = { group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions" };
const API_SERVER_USER: UserInfo = { username: "system:apiserver", groups: ["system:masters", "system:authenticated"] };

export interface CustomResourceControllersOptions {
  clock: Clock;
  server: CustomResourceServer;
  /** A registry serving some version of the CRD (they share storage), for deleting its instances. */
  registryFor(crd: CustomResourceDefinition): ResourceRegistry | undefined;
  log?: (msg: string) => void;
}

export interface RunningControllers {
  stop(): Promise<void>;
}

/** Starts the controllers; resolves once the CRDs that exist are served. */
export async function startCustomResourceControllers(loopback: LoopbackServer, opts: CustomResourceControllersOptions): Promise<RunningControllers> {
  const log = opts.log ?? (() => undefined);
  const client: Client = createClient({ transport: createLoopbackTransport(loopback, API_SERVER_USER), identity: "system:apiserver" });
  const informers = createInformerFactory({ client, clock: opts.clock });
  const crds = informers.forResource<CustomResourceDefinition>(CRDS);
  const naming = createWorkQueue<string>({ clock: opts.clock, name: "crd_naming_condition_controller" });
  const establishing = createWorkQueue<string>({ clock: opts.clock, name: "crdEstablishing" });
  const finalizing = createWorkQueue<string>({ clock: opts.clock, name: "crd_finalizer" });
  const approval = createWorkQueue<string>({ clock: opts.clock, name: "kubernetes_api_approval_conformant_condition_controller" });
  const stopper = new AbortController();
  const now = () => rfc3339(opts.clock.now());

  const enqueue = (crd: CustomResourceDefinition) => {
    const name = crd.metadata.name!;
    opts.server.sync(crd);
    naming.add(name);
    approval.add(name);
    if (needsEstablishing(crd)) establishing.add(name);
    if (needsFinalizing(crd)) finalizing.add(name);
  };
  const sameGroup = (crd: CustomResourceDefinition) => {
    for (const other of crds.lister.list()) if (other.spec?.group === crd.spec?.group) naming.add(other.metadata.name!);
  };
  crds.addEventHandler({
    onAdd: enqueue,
    onUpdate: (_old, crd) => {
      enqueue(crd);
      sameGroup(crd);
    },
    onDelete: (crd) => {
      opts.server.remove(crd.metadata.name!);
      sameGroup(crd);
    },
  });

  const writeStatus = async (crd: CustomResourceDefinition) => {
    try {
      await client.update(CRDS, undefined, crd, { subresource: "status" });
    } catch (err) {
      // The informer brings the newer object, which is synced again.
      if (!isApiError(err, "Conflict") && !isApiError(err, "NotFound")) throw err;
    }
  };

  const syncNames = async (name: string) => {
    const crd = crds.lister.get(undefined, name);
    if (!crd) return;
    const result = calculateNames(crd, crds.lister.list());
    const next = structuredClone(crd) as CustomResourceDefinition;
    next.status ??= {};
    next.status.acceptedNames = result.acceptedNames;
    setCRDCondition(next, result.namesAccepted, now());
    setCRDCondition(next, result.established, now());
    if (JSON.stringify(next.status) === JSON.stringify(crd.status)) return;
    await writeStatus(next);
  };

  const syncApproval = async (name: string) => {
    const crd = crds.lister.get(undefined, name);
    const cond = crd && approvalCondition(crd);
    if (!crd || !cond) return;
    const old = crd.status?.conditions?.find((c) => c.type === cond.type);
    if (old && old.status === cond.status && old.reason === cond.reason && old.message === cond.message) return;
    const next = structuredClone(crd) as CustomResourceDefinition;
    setCRDCondition(next, cond, now());
    await writeStatus(next);
  };

  const syncEstablished = async (name: string) => {
    const crd = crds.lister.get(undefined, name);
    if (!crd || !needsEstablishing(crd)) return;
    const next = structuredClone(crd) as CustomResourceDefinition;
    setCRDCondition(next, ESTABLISHED, now());
    await writeStatus(next);
  };

  /** When each CRD's remaining instances were first seen still there. */
  const waitingSince = new Map<string, number>();
  const syncFinalizer = async (name: string) => {
    const crd = crds.lister.get(undefined, name);
    if (!crd || !needsFinalizing(crd)) return;
    let next = structuredClone(crd) as CustomResourceDefinition;
    if (wasEstablished(crd)) {
      const reg = opts.registryFor(crd);
      if (reg) {
        if (crd.status?.conditions?.find((c) => c.type === "Terminating")?.reason !== DELETION_IN_PROGRESS.reason) {
          setCRDCondition(next, DELETION_IN_PROGRESS, now());
          next = await client.update(CRDS, undefined, next, { subresource: "status" });
        }
        let left: number;
        try {
          left = await deleteInstances(reg);
        } catch (err) {
          setCRDCondition(next, deletionFailed(err as Error), now());
          await writeStatus(next);
          throw err;
        }
        if (left > 0) {
          const since = waitingSince.get(name) ?? opts.clock.now();
          waitingSince.set(name, since);
          if (opts.clock.now() - since >= CHECK_TIMEOUT_MS) {
            waitingSince.delete(name);
            setCRDCondition(next, DELETION_CHECK, now());
            await writeStatus(next);
          }
          finalizing.addAfter(name, RECHECK_MS);
          return;
        }
        waitingSince.delete(name);
      }
      setCRDCondition(next, DELETION_COMPLETED, now());
    } else {
      setCRDCondition(next, NEVER_ESTABLISHED, now());
    }
    next = await client.update(CRDS, undefined, next, { subresource: "status" });
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
    try {
      await client.update(CRDS, undefined, next);
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
  };

  informers.start(stopper.signal);
  await informers.waitForCacheSync(stopper.signal);
  const error = (msg: string) => log(msg);
  const running = [
    runController({ name: "NamingConditionController", queue: naming, workers: 1, signal: stopper.signal, sync: syncNames, error }),
    runController({ name: "EstablishingController", queue: establishing, workers: 1, signal: stopper.signal, sync: syncEstablished, error }),
    runController({ name: "CRDFinalizer", queue: finalizing, workers: 1, signal: stopper.signal, sync: syncFinalizer, error }),
    runController({ name: "KubernetesAPIApprovalPolicyConformantConditionController", queue: approval, workers: 1, signal: stopper.signal, sync: syncApproval, error }),
  ];
  return {
    stop: async () => {
      stopper.abort();
      await Promise.allSettled(running);
    },
  };
}

