/**
 * Lookup of message facts: by qualified name for nested fields, and by
 * apiVersion + kind for the object a request body carries.
 */
import { indexProtoFacts, type MessageFacts, type ProtoPackage } from "./fact-table.js";
import { allProtoPackages } from "./tables/index.js";

/** API group -> the package id prefix its tables use (version appended). */
const GROUP_PACKAGES: Record<string, string> = {
  "": "core",
  "admissionregistration.k8s.io": "admissionregistration",
  "apiextensions.k8s.io": "apiextensions",
  apps: "apps",
  "authentication.k8s.io": "authentication",
  "authorization.k8s.io": "authorization",
  autoscaling: "autoscaling",
  batch: "batch",
  "certificates.k8s.io": "certificates",
  "coordination.k8s.io": "coordination",
  "discovery.k8s.io": "discovery",
  "events.k8s.io": "events",
  "flowcontrol.apiserver.k8s.io": "flowcontrol",
  "meta.k8s.io": "meta",
  "networking.k8s.io": "networking",
  "node.k8s.io": "node",
  policy: "policy",
  "rbac.authorization.k8s.io": "rbac",
  "resource.k8s.io": "resource",
  "scheduling.k8s.io": "scheduling",
  "storage.k8s.io": "storage",
};

/** meta/v1 kinds registered in every group version (options and Status). */
const SHARED_META_KINDS = new Set(["Status", "WatchEvent", "ListOptions", "GetOptions", "DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions"]);

export interface ProtoRegistry {
  /** Facts of a qualified message ("core.v1.PodSpec"), or undefined. */
  message(name: string): MessageFacts | undefined;
  /** Facts of the top-level kind served at apiVersion, or undefined when Skiff has no table for it. */
  kind(apiVersion: string, kind: string): MessageFacts | undefined;
}

/** The package id of an apiVersion ("apps/v1" -> "apps.v1", "v1" -> "core.v1"), or undefined. */
export function packageIdOf(apiVersion: string): string | undefined {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const prefix = GROUP_PACKAGES[group];
  return prefix === undefined || !version ? undefined : `${prefix}.${version}`;
}

/** Top-level kinds carry ObjectMeta or ListMeta as field 1. */
function isTopLevel(facts: MessageFacts): boolean {
  const first = facts.fields.get(1);
  return first?.json === "metadata" && (first.kind === "meta.v1.ObjectMeta" || first.kind === "meta.v1.ListMeta");
}

export function createProtoRegistry(packages: ProtoPackage[] = allProtoPackages): ProtoRegistry {
  const index = indexProtoFacts(packages);
  return {
    message: (name) => index.get(name),
    kind(apiVersion, kind) {
      const pkg = packageIdOf(apiVersion);
      const own = pkg === undefined ? undefined : index.get(`${pkg}.${kind}`);
      if (own && isTopLevel(own)) return own;
      if (SHARED_META_KINDS.has(kind)) return index.get(`meta.v1.${kind}`);
      return undefined;
    },
  };
}

let shared: ProtoRegistry | undefined;
/** The registry of Skiff's built-in tables, built on first use. */
export function builtinProtoRegistry(): ProtoRegistry {
  shared ??= createProtoRegistry();
  return shared;
}
