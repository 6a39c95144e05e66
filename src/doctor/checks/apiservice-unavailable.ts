/**
 * APIServices that are not Available, what they break, and why (their
 * Service followed down to the pod, its node and the network). An
 * unavailable aggregated API fails discovery, and discovery failures stop
 * namespace deletion and the garbage collector; metrics.k8s.io also
 * serves `kubectl top` and the HPA. Works on any cluster.
 */
import type { KubeObject } from "../../api/types.js";
import type { GVR } from "../../client/types.js";
import { conditionOf, conditionText, since } from "../evidence.js";
import { followService } from "../service-chain.js";
import type { Check, Finding } from "../types.js";

export const APISERVICES: GVR = { group: "apiregistration.k8s.io", version: "v1", resource: "apiservices" };

export type APIServiceObject = KubeObject & { spec?: { group?: string; version?: string; service?: { namespace?: string; name?: string; port?: number } } };

/** What an unavailable group breaks, in words. */
export function whatBreaks(group: string | undefined): string[] {
  const broken = ["namespace deletion (namespaces stay Terminating)", "garbage collection"];
  if (group === "metrics.k8s.io") broken.push("kubectl top", "HorizontalPodAutoscalers on resource metrics");
  return broken;
}

export const apiserviceUnavailable: Check = {
  name: "apiservice-unavailable",
  description: "APIServices not Available: what they break (namespace deletion, garbage collection, kubectl top) and why (Service, endpoints, pods, node, route)",
  requires: [APISERVICES],
  async run({ view, now }) {
    const findings: Finding[] = [];
    for (const svc of await view.list<APIServiceObject>(APISERVICES)) {
      const available = conditionOf(svc, "Available");
      const ref = svc.spec?.service;
      if (!ref?.name || !available || available.status === "True") continue;
      const name = svc.metadata.name!;
      const why = await followService(view, ref.namespace ?? "default", ref.name, now);
      findings.push({
        check: "apiservice-unavailable",
        severity: "critical",
        about: { kind: "APIService", name },
        summary: `APIService ${name} is unavailable; broken: ${whatBreaks(svc.spec?.group).join(", ")}`,
        chain: [{ text: `APIService ${name} ${conditionText(available)}${since(now, available.lastTransitionTime)}: ${available.message ?? ""}`, ref: { kind: "APIService", name } }, ...why.steps],
        fix: why.fix,
        cause: why.cause,
      });
    }
    return findings;
  },
};
