/**
 * ValidatingAdmissionPolicy over the policies and bindings in the API
 * server's watch cache; a policy is compiled again only when it changes.
 * Parameters and namespaces are read from the watch cache too.
 */
import type { ValidatingAdmissionPolicy } from "kubernetes-types/admissionregistration/v1.js";
import type { KubeObject } from "../../../api/types.js";
import type { AdmissionPlugin } from "../types.js";
import type { ServerCaches } from "../webhook/server-caches.js";
import { compilePolicy, type CompiledPolicy } from "./compile.js";
import { createValidatingAdmissionPolicy, type BindingObject, type PolicySet } from "./plugin.js";

export { createValidatingAdmissionPolicy, type PolicyDeps, type PolicySet } from "./plugin.js";
export { compilePolicy } from "./compile.js";

const GROUP = "admissionregistration.k8s.io";

export function createPolicyAdmission(o: { caches: ServerCaches; log?: (msg: string) => void }): AdmissionPlugin {
  const compiled = new Map<string, { rv: string | undefined; policy: CompiledPolicy }>();
  let last: { version: string; set: PolicySet } | undefined;
  const current = async (): Promise<PolicySet> => {
    const bindings = await o.caches.snapshot(GROUP, "v1", "validatingadmissionpolicybindings");
    if (!bindings.objects.length) return { policies: new Map(), bindings: [] };
    const policies = await o.caches.snapshot(GROUP, "v1", "validatingadmissionpolicies");
    const version = `${policies.version}|${bindings.version}`;
    if (last?.version === version) return last.set;
    const byName = new Map<string, CompiledPolicy>();
    for (const p of policies.objects as (ValidatingAdmissionPolicy & KubeObject)[]) {
      const name = p.metadata.name!;
      const rv = p.metadata.resourceVersion;
      let c = compiled.get(name);
      if (!c || c.rv !== rv) compiled.set(name, (c = { rv, policy: compilePolicy(p) }));
      byName.set(name, c.policy);
    }
    for (const name of [...compiled.keys()]) if (!byName.has(name)) compiled.delete(name);
    await o.caches.namespacesReady();
    last = { version, set: { policies: byName, bindings: bindings.objects as BindingObject[] } };
    return last.set;
  };
  return createValidatingAdmissionPolicy(current, {
    namespaceLabels: (name) => o.caches.namespaceLabels(name),
    namespaceObject: (name) => o.caches.object("", "v1", "namespaces", undefined, name),
    equivalents: o.caches.equivalents,
    resourceForKind: (apiVersion, kind) => o.caches.resourceForKind(apiVersion, kind),
    paramObject: (r, ns, name) => o.caches.object(r.group, r.version, r.resource, r.namespaced ? ns : undefined, name),
    paramObjects: (r, ns) => o.caches.objects(r.group, r.version, r.resource, r.namespaced ? ns : undefined),
    log: o.log,
  });
}
