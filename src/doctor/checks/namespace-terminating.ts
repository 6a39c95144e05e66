/**
 * Namespaces stuck Terminating, followed down the chain: the deletion
 * conditions the namespace controller sets (discovery failure, content or
 * finalizers remaining), the unavailable APIService behind a discovery
 * failure, its Service, endpoints and pods, the pod's node, the route to
 * that node's podCIDR and the route controller's Event about it. One
 * finding per cause, naming every namespace it holds. Works on any cluster;
 * the route part needs Skiff's network objects.
 */
import type { Namespace } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { NAMESPACES } from "../../client/resources.js";
import { conditionOf, conditionText, since } from "../evidence.js";
import { followService } from "../service-chain.js";
import type { Check, EvidenceStep, Finding } from "../types.js";
import { APISERVICES, whatBreaks, type APIServiceObject } from "./apiservice-unavailable.js";

/** A namespace deleted this long ago without a failing condition is still just being emptied. */
export const STUCK_AFTER_MS = 60_000;

/** "metrics.k8s.io/v1beta1: the server is ..." → ["v1beta1.metrics.k8s.io"] (the APIServices' names). */
export function failingGroupVersions(message: string): string[] {
  const out = new Set<string>();
  for (const m of message.matchAll(/\b([a-z0-9-]+(?:\.[a-z0-9-]+)+)\/(v\d+(?:(?:alpha|beta)\d+)?)\b/g)) out.add(`${m[2]}.${m[1]}`);
  return [...out];
}

const FAILURE_TYPES = ["NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure", "NamespaceDeletionContentFailure", "NamespaceContentRemaining", "NamespaceFinalizersRemaining"];

export const namespaceTerminating: Check = {
  name: "namespace-terminating",
  description: "namespaces stuck Terminating, down the chain: deletion condition, unavailable APIService, Service, endpoints, pod, node, route, route controller Event",
  async run({ view, now }) {
    const byCause = new Map<string, { namespaces: string[]; finding: Omit<Finding, "summary" | "about"> }>();
    for (const ns of await view.list<Namespace & KubeObject>(NAMESPACES)) {
      const deleted = ns.metadata.deletionTimestamp;
      if (!deleted || ns.status?.phase !== "Terminating") continue;
      const failing = FAILURE_TYPES.map((t) => conditionOf(ns, t)).filter((c) => c?.status === "True");
      if (!failing.length && now - Date.parse(deleted) < STUCK_AFTER_MS) continue;
      const name = ns.metadata.name!;
      const head: EvidenceStep = { text: `Namespace ${name} Terminating${since(now, deleted)}`, ref: { kind: "Namespace", name } };
      const discovery = failing.find((c) => c!.type === "NamespaceDeletionDiscoveryFailure");
      let entry: Omit<Finding, "summary" | "about"> | undefined;
      if (discovery) {
        const steps: EvidenceStep[] = [head, { text: `${conditionText(discovery)}: ${discovery.message ?? ""}`, ref: { kind: "Namespace", name } }];
        for (const apiName of failingGroupVersions(discovery.message ?? "")) {
          const api = await view.get<APIServiceObject>(APISERVICES, undefined, apiName);
          const svcRef = api?.spec?.service;
          if (!api || !svcRef?.name) continue;
          const available = conditionOf(api, "Available");
          steps.push({ text: `APIService ${apiName} ${available ? `${conditionText(available)}: ${available.message ?? ""}` : "has no Available condition"} (also breaks ${whatBreaks(api.spec?.group).slice(1).join(", ")})`, ref: { kind: "APIService", name: apiName } });
          const why = await followService(view, svcRef.namespace ?? "default", svcRef.name, now);
          entry = { check: "namespace-terminating", severity: "critical", chain: [...steps, ...why.steps], fix: why.fix, cause: why.cause };
          break;
        }
        entry ??= { check: "namespace-terminating", severity: "critical", chain: steps, fix: "make the failing API groups available again (kubectl get apiservices), or delete the APIService of a group that is gone", cause: `Discovery/${discovery.message}` };
      } else {
        const other = failing[0];
        const chain = other ? [head, { text: `${conditionText(other)}: ${other.message ?? ""}`, ref: { kind: "Namespace", name } }] : [head, { text: `spec.finalizers: ${(ns.spec?.finalizers ?? []).join(", ") || "none"}` }];
        entry = {
          check: "namespace-terminating",
          severity: "warning",
          chain,
          fix: other?.type === "NamespaceFinalizersRemaining" ? "the controllers owning those finalizers must finish (or be fixed); remove a finalizer by hand only if its controller is gone" : "see why the content cannot be deleted: kubectl api-resources --namespaced -o name | xargs -n1 kubectl get -n " + name,
          cause: `Namespace/${name}`,
        };
      }
      const seen = byCause.get(entry.cause);
      if (seen) seen.namespaces.push(name);
      else byCause.set(entry.cause, { namespaces: [name], finding: entry });
    }
    return [...byCause.values()].map(({ namespaces, finding }) => ({
      ...finding,
      about: { kind: "Namespace", name: namespaces[0] },
      summary: namespaces.length === 1 ? `namespace ${namespaces[0]} is stuck Terminating` : `${namespaces.length} namespaces are stuck Terminating: ${namespaces.join(", ")}`,
    }));
  },
};
