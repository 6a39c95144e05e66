/**
 * Storage key -> the group and resource it belongs to, for choosing a
 * transformer. Built-in resources are known by their key prefix (core
 * under /registry/<resource>/ or an irregular one like services/specs,
 * other groups under /registry/<group>/<resource>/); a first segment with
 * a dot is a group (custom resources, rbac.authorization.k8s.io, ...).
 */
import type { ResourceDefinition } from "../../api/types.js";
import { resourcePrefix } from "../registry/keys.js";
import type { GroupResource } from "./config.js";

export type KeyResolver = (key: string) => GroupResource | undefined;

const ROOT = "/registry/";

export function createKeyResolver(defs: readonly ResourceDefinition[]): KeyResolver {
  /** "secrets" or "apps/deployments" -> the resource stored there. */
  const byPath = new Map<string, GroupResource>();
  /** First segments that only name a resource together with the second (groups, "services"). */
  const twoLevel = new Set<string>();
  for (const def of defs) {
    // Resources sharing storage are stored as, and encrypted as, the resource they share.
    const gr = def.sharedStorage ? { group: def.sharedStorage.group, resource: def.sharedStorage.resource } : { group: def.group, resource: def.plural };
    const path = resourcePrefix(def).slice(ROOT.length, -1);
    byPath.set(path, gr);
    if (path.includes("/")) twoLevel.add(path.slice(0, path.indexOf("/")));
  }
  return (key) => {
    if (!key.startsWith(ROOT)) return undefined;
    const end1 = key.indexOf("/", ROOT.length);
    if (end1 < 0) return undefined;
    const a = key.slice(ROOT.length, end1);
    if (!twoLevel.has(a) && !a.includes(".")) return byPath.get(a);
    const end2 = key.indexOf("/", end1 + 1);
    if (end2 < 0) return byPath.get(a);
    const ab = key.slice(ROOT.length, end2);
    let gr = byPath.get(ab) ?? byPath.get(a);
    if (!gr && a.includes(".")) {
      // A custom resource's group: remember it, the next key is likely its sibling.
      gr = { group: a, resource: key.slice(end1 + 1, end2) };
      byPath.set(ab, gr);
    }
    return gr;
  };
}
