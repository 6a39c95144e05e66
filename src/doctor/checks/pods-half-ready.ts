/**
 * Half-ready pods (S5, M11): Running, but some containers not ready for a
 * while. The chain names the container, its probe's last failure (the
 * kubelet's "Readiness probe failed: ..." Event) and, when the kubelet's
 * cluster DNS is not the kube-dns Service's address, that cause (a sidecar
 * that cannot resolve its control plane never gets ready). Pods of one
 * owner failing the same way are one finding. Works on any cluster.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { PODS } from "../../client/resources.js";
import { explainDnsMismatch } from "../dns-evidence.js";
import { conditionOf, since } from "../evidence.js";
import type { Check, EvidenceStep, Finding } from "../types.js";

/** Not ready for this long: past a normal start and a few probe periods. */
export const HALF_READY_AFTER_MS = 60_000;

type PodObject = Pod & KubeObject;

export const podsHalfReady: Check = {
  name: "pods-half-ready",
  description: "Running pods with containers not ready: which container, its probe's last failure, and cluster DNS against kube-dns's clusterIP",
  async run({ view, now }) {
    const groups = new Map<string, { pods: string[]; finding: Finding }>();
    for (const p of await view.list<PodObject>(PODS)) {
      if (p.status?.phase !== "Running" || p.metadata.deletionTimestamp) continue;
      const ready = conditionOf(p, "Ready");
      if (!ready || ready.status === "True" || !ready.lastTransitionTime || now - Date.parse(ready.lastTransitionTime) < HALF_READY_AFTER_MS) continue;
      const statuses = p.status.containerStatuses ?? [];
      const notReady = statuses.filter((c) => !c.ready);
      if (!notReady.length) continue;
      const ns = p.metadata.namespace!;
      const name = p.metadata.name!;
      const c = notReady[0];
      const chain: EvidenceStep[] = [
        { text: `Pod ${ns}/${name} READY ${statuses.length - notReady.length}/${statuses.length}${since(now, ready.lastTransitionTime)}`, ref: { kind: "Pod", namespace: ns, name } },
        { text: `container ${c.name} not ready: ${c.state?.running ? `running${since(now, c.state.running.startedAt)}` : c.state?.waiting ? `waiting (${c.state.waiting.reason})` : "terminated"}, ${c.restartCount} restarts` },
      ];
      const events = await view.eventsFor({ kind: "Pod", namespace: ns, name });
      const probe = events.filter((e) => e.reason === "Unhealthy" && /^Readiness probe/.test(e.message ?? "") && (!e.involvedObject.fieldPath || e.involvedObject.fieldPath.includes(`{${c.name}}`))).at(-1);
      if (probe) chain.push({ text: `${probe.message}${probe.count && probe.count > 1 ? ` (${probe.count} times)` : ""}`, ref: { kind: "Event", namespace: probe.metadata.namespace, name: probe.metadata.name! } });
      const dns = p.spec?.nodeName && p.spec.dnsPolicy !== "None" && p.spec.dnsPolicy !== "Default" ? await explainDnsMismatch(view, p.spec.nodeName, now) : undefined;
      const owner = p.metadata.ownerReferences?.find((o) => o.controller);
      const cause = dns?.cause ?? `HalfReady/${ns}/${owner ? `${owner.kind}/${owner.name}` : name}/${c.name}/${probe?.message ?? ""}`;
      const seen = groups.get(cause);
      if (seen) {
        seen.pods.push(`${ns}/${name}`);
        continue;
      }
      groups.set(cause, {
        pods: [`${ns}/${name}`],
        finding: {
          check: "pods-half-ready",
          severity: "warning",
          about: { kind: "Pod", namespace: ns, name },
          summary: "",
          chain: [...chain, ...(dns?.steps ?? [])],
          fix: dns?.fix ?? `see why ${c.name}'s readiness probe fails (its logs: kubectl logs -n ${ns} ${name} -c ${c.name}; what the probe asks)`,
          cause,
        },
      });
    }
    return [...groups.values()].map(({ pods, finding }) => ({
      ...finding,
      severity: finding.cause.startsWith("ClusterDNS/") ? "critical" : "warning",
      summary: `${pods.length === 1 ? "pod is" : `${pods.length} pods are`} half-ready: ${finding.chain[1].text.split(":")[0]}${pods.length > 1 ? ` (${pods.slice(0, 5).join(", ")}${pods.length > 5 ? ", ..." : ""})` : ""}`,
    }));
  },
};
