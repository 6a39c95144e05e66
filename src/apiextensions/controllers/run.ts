/**
 * The CRD controllers, run inside the API server as upstream's
 * apiextensions-apiserver runs them, against the server itself through the
 * loopback transport: naming, establishing, API approval, finalizer, and
 * the serving of custom resources following every CRD change.
 */
import { isApiError } from "../../api/errors.js";
import type { CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { rfc3339 } from "../../api/printers.js";
import { createClient, createInformerFactory, createLoopbackTransport, createWorkQueue, runController, type LoopbackServer } from "../../client/index.js";
import type { Client } from "../../client/types.js";
import type { UserInfo } from "../../api/types.js";
import type { Clock } from "../../util/clock.js";
import type { CustomResourceServer } from "../serving/custom-resource-server.js";
import type { ResourceRegistry } from "../../apiserver/registry/registry.js";
import { CRDS, type CRDControllerContext } from "./context.js";
import { namingSync } from "./naming.js";
import { approvalSync } from "./api-approval.js";
import { establishingSync, needsEstablishing } from "./establishing.js";
import { finalizerSync, needsFinalizing } from "./finalizer.js";

export { CRDS } from "./context.js";
const API_SERVER_USER: UserInfo = { username: "system:apiserver", groups: ["system:masters", "system:authenticated"] };

export interface CustomResourceControllersOptions {
  clock: Clock;
  server: CustomResourceServer;
  /** A registry reaching the CRD's storage (any served version: they share it), for deleting its instances. */
  registryFor(crd: CustomResourceDefinition): ResourceRegistry | undefined;
  /** Whether the CRD names a built-in resource (whose objects its deletion must leave alone). */
  overlapsBuiltIn(crd: CustomResourceDefinition): boolean;
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
  const queue = (name: string) => createWorkQueue<string>({ clock: opts.clock, name });
  const naming = queue("crd_naming_condition_controller");
  const establishing = queue("crdEstablishing");
  const finalizing = queue("crd_finalizer");
  const approval = queue("kubernetes_api_approval_conformant_condition_controller");
  const stopper = new AbortController();

  const ctx: CRDControllerContext = {
    client,
    crds: crds.lister,
    clock: opts.clock,
    now: () => rfc3339(opts.clock.now()),
    async writeStatus(crd) {
      try {
        await client.update(CRDS, undefined, crd, { subresource: "status" });
      } catch (err) {
        // The informer brings the newer object, which is synced again.
        if (!isApiError(err, "Conflict") && !isApiError(err, "NotFound")) throw err;
      }
    },
  };

  const enqueue = (crd: CustomResourceDefinition) => {
    const name = crd.metadata.name!;
    opts.server.sync(crd);
    naming.add(name);
    approval.add(name);
    if (needsEstablishing(crd)) establishing.add(name);
    if (needsFinalizing(crd)) finalizing.add(name);
  };
  // Names freed or taken in a group may change what the group's other CRDs can have.
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

  informers.start(stopper.signal);
  await informers.waitForCacheSync(stopper.signal);
  const run = (name: string, q: typeof naming, sync: (key: string) => Promise<void>) => runController({ name, queue: q, workers: 1, signal: stopper.signal, sync, error: log });
  const running = [
    run("NamingConditionController", naming, namingSync(ctx)),
    run("EstablishingController", establishing, establishingSync(ctx)),
    run("KubernetesAPIApprovalPolicyConformantConditionController", approval, approvalSync(ctx)),
    run("CRDFinalizer", finalizing, finalizerSync(ctx, { registryFor: opts.registryFor, overlapsBuiltIn: opts.overlapsBuiltIn, recheck: (name, ms) => finalizing.addAfter(name, ms) })),
  ];
  return {
    stop: async () => {
      stopper.abort();
      await Promise.allSettled(running);
    },
  };
}
