/**
 * Pods that cannot get a sandbox (S2, S9): stuck in ContainerCreating with
 * the kubelet's FailedCreatePodSandBox Events, whose message says whether
 * the network plugin failed or timed out ("plugin type=... failed (add)",
 * "context deadline exceeded"); the node's Ready message adds the runtime
 * and CNI calls outstanding there. One finding per node. Works on any
 * cluster.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { NODES, PODS } from "../../client/resources.js";
import { conditionOf } from "../evidence.js";
import type { Check, EvidenceStep, Finding } from "../types.js";
import { outstandingCalls } from "./node-not-ready.js";

type PodObject = Pod & KubeObject;

const SANDBOX_FAILURES = new Set(["FailedCreatePodSandBox", "FailedKillPod", "FailedSandboxStatus"]);

export function sandboxFailureKind(message: string): string {
  if (/cni|network plugin|failed to setup network|plugin type=/i.test(message)) return /deadline|timeout|timed out/i.test(message) ? "the network plugin (CNI) timed out" : "the network plugin (CNI) failed";
  if (/deadline|timeout|timed out/i.test(message)) return "the container runtime timed out";
  return "the container runtime failed";
}

export const podSandbox: Check = {
  name: "pod-sandbox",
  description: "pods stuck creating their sandbox (FailedCreatePodSandBox Events): network plugin (CNI) or runtime failures and timeouts, per node",
  async run({ view }) {
    const byNode = new Map<string, { pods: string[]; chain: EvidenceStep[]; kind: string }>();
    for (const p of await view.list<PodObject>(PODS)) {
      if (p.status?.phase !== "Pending" || !p.spec?.nodeName || p.metadata.deletionTimestamp) continue;
      const ns = p.metadata.namespace!;
      const name = p.metadata.name!;
      const failure = (await view.eventsFor({ kind: "Pod", namespace: ns, name })).filter((e) => SANDBOX_FAILURES.has(e.reason ?? "")).at(-1);
      if (!failure) continue;
      const nodeName = p.spec.nodeName;
      const seen = byNode.get(nodeName);
      if (seen) {
        seen.pods.push(`${ns}/${name}`);
        continue;
      }
      const kind = sandboxFailureKind(failure.message ?? "");
      const chain: EvidenceStep[] = [
        { text: `Pod ${ns}/${name} on ${nodeName}: Pending, no sandbox`, ref: { kind: "Pod", namespace: ns, name } },
        { text: `kubelet: ${failure.reason}: ${failure.message}${failure.count && failure.count > 1 ? ` (${failure.count} times)` : ""}`, ref: { kind: "Event", namespace: failure.metadata.namespace, name: failure.metadata.name! } },
        { text: kind },
      ];
      const node = await view.get(NODES, undefined, nodeName);
      const ready = node ? conditionOf(node, "Ready") : undefined;
      for (const call of outstandingCalls(ready?.message ?? "")) chain.push({ text: `Node ${nodeName}: ${call}`, ref: { kind: "Node", name: nodeName } });
      byNode.set(nodeName, { pods: [`${ns}/${name}`], chain, kind });
    }
    return [...byNode].map(([nodeName, { pods, chain, kind }]): Finding => ({
      check: "pod-sandbox",
      severity: "critical",
      about: { kind: "Node", name: nodeName },
      summary: `${pods.length === 1 ? "a pod" : `${pods.length} pods`} cannot start on ${nodeName}: ${kind}`,
      chain,
      fix: /CNI/.test(kind)
        ? `check the CNI plugins on ${nodeName} (/opt/cni/bin, /etc/cni/net.d): a plugin that hangs (holding its lock, or reading stdin on VERSION) blocks every sandbox; every plugin call needs a timeout`
        : `check the container runtime on ${nodeName} (its logs; crictl pods)`,
      cause: `Node/${nodeName}`,
    }));
  },
};
