/**
 * NamespaceLifecycle: no content in a namespace that does not exist or is
 * terminating, and the system namespaces may not be deleted.
 */
import { ApiError, forbidden, notFound } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import type { AdmissionPlugin } from "./types.js";

const immortal = new Set(["default", "kube-system", "kube-public"]);

export function createNamespaceLifecycle(getNamespace: (name: string) => Promise<KubeObject | undefined>): AdmissionPlugin {
  return {
    name: "NamespaceLifecycle",
    async validate(a) {
      if (a.resource.group === "" && a.resource.resource === "namespaces") {
        if (a.operation === "DELETE" && immortal.has(a.name)) throw forbidden(a.resource, a.name, "this namespace may not be deleted");
        return;
      }
      if (a.operation !== "CREATE" || !a.namespace) return;
      const ns = await getNamespace(a.namespace);
      if (!ns) throw notFound({ group: "", resource: "namespaces" }, a.namespace);
      if ((ns.status as { phase?: string } | undefined)?.phase === "Terminating" || ns.metadata.deletionTimestamp) {
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
