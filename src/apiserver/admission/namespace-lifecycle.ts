/**
 * NamespaceLifecycle: no content in a namespace that does not exist or is
 * terminating, and the system namespaces may not be deleted. As upstream,
 * a namespace read from a cache is looked up in storage again when the
 * cache has not seen it yet (the lookup's get does), or when it was
 * deleted through this server less than FORCE_LIVE_LOOKUP_MS ago and the
 * cache may still show it active.
 */
import { ApiError, forbidden, notFound } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import type { Clock } from "../../util/clock.js";
import type { AdmissionPlugin } from "./types.js";

const immortal = new Set(["default", "kube-system", "kube-public"]);
/** Upstream's forceLiveLookupTTL. */
export const FORCE_LIVE_LOOKUP_MS = 30_000;

export interface NamespaceGetter {
  /** The namespace, from a cache when there is one (a miss is looked up in storage). */
  get(name: string): Promise<KubeObject | undefined>;
  /** The namespace from storage itself; absent when get reads storage. */
  getLive?(name: string): Promise<KubeObject | undefined>;
}

export function createNamespaceLifecycle(namespaces: NamespaceGetter, clock?: Clock): AdmissionPlugin {
  /** Namespaces deleted recently, until when their cached state is not trusted. */
  const deleted = new Map<string, number>();
  const recentlyDeleted = (name: string): boolean => {
    const until = deleted.get(name);
    if (until === undefined) return false;
    if (clock && until > clock.now()) return true;
    deleted.delete(name);
    return false;
  };
  return {
    name: "NamespaceLifecycle",
    async validate(a) {
      if (a.resource.group === "" && a.resource.resource === "namespaces") {
        if (a.operation === "DELETE") {
          if (immortal.has(a.name)) throw forbidden(a.resource, a.name, "this namespace may not be deleted");
          if (namespaces.getLive && clock) deleted.set(a.name, clock.now() + FORCE_LIVE_LOOKUP_MS);
        }
        return;
      }
      if (a.operation !== "CREATE" || !a.namespace) return;
      let ns = await namespaces.get(a.namespace);
      if (ns && namespaces.getLive && deleted.size && !terminating(ns) && recentlyDeleted(a.namespace)) ns = await namespaces.getLive(a.namespace);
      if (!ns) throw notFound({ group: "", resource: "namespaces" }, a.namespace);
      if (terminating(ns)) {
        throw new ApiError(403, "Forbidden", `${a.resource.group ? `${a.resource.resource}.${a.resource.group}` : a.resource.resource} "${a.name}" is forbidden: unable to create new content in namespace ${a.namespace} because it is being terminated`, {
          name: a.name,
          group: a.resource.group || undefined,
          kind: a.resource.resource,
          causes: [{ reason: "NamespaceTerminating", message: `namespace ${a.namespace} is being terminated`, field: "metadata.namespace" }],
        });
      }
    },
  };
}

function terminating(ns: KubeObject): boolean {
  return (ns.status as { phase?: string } | undefined)?.phase === "Terminating" || !!ns.metadata.deletionTimestamp;
}
