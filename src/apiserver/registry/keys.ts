/**
 * Storage key layout, as upstream's etcd layout: core resources under
 * /registry/<resource>/, other groups under /registry/<group>/<resource>/.
 * Namespaced keys add /<namespace>/<name>; cluster-scoped keys /<name>.
 */
import type { ResourceDefinition } from "../../api/types.js";

export function resourcePrefix(def: Pick<ResourceDefinition, "group" | "plural" | "storageName" | "sharedStorage">): string {
  const shared = def.sharedStorage;
  const group = shared ? shared.group : def.group;
  const resource = shared ? shared.resource : def.storageName ?? def.plural;
  return group ? `/registry/${group}/${resource}/` : `/registry/${resource}/`;
}

export function objectKey(prefix: string, namespace: string | undefined, name: string): string {
  return namespace ? `${prefix}${namespace}/${name}` : `${prefix}${name}`;
}

/** The prefix to list within: all namespaces, or one. */
export function listPrefix(prefix: string, namespace: string | undefined): string {
  return namespace ? `${prefix}${namespace}/` : prefix;
}
