/**
 * NotReady nodes, with the cause the Ready condition's message gives: PLEG
 * not healthy (the runtime stopped answering), the runtime down, the
 * network plugin not ready, or the heartbeat lost (the node controller's
 * "Kubelet stopped posting node status."). Skiff's kubelet names the
 * runtime and CNI calls outstanding and for how long in the same message
 * ("runtime call ListPodSandbox outstanding for 3m12s"): each is a step of
 * the chain. Works on any cluster.
 */
import type { Node } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { LEASES, NODES } from "../../client/resources.js";
import { conditionOf, conditionText, since } from "../evidence.js";
import type { Check, EvidenceStep, Finding } from "../types.js";

type NodeObject = Node & KubeObject;

/** "runtime call ListPodSandbox outstanding for 3m12s", "CNI call ADD outstanding for 40s". */
const OUTSTANDING = /\b([A-Za-z]+ call \S+) outstanding for (\S+?)(?=,|$)/g;
const PLEG = /PLEG is not healthy: ([^,]*)/;

interface Diagnosis {
  cause: string;
  fix: string;
}

/** What the Ready message says is wrong, and what to do about it. */
export function diagnoseReadyMessage(reason: string | undefined, message: string): Diagnosis {
  if (PLEG.test(message)) {
    return {
      cause: `PLEG is not healthy: ${PLEG.exec(message)![1].trim()}`,
      fix: "the container runtime stopped answering the kubelet's relist: find the call it is stuck in (a hung runc or D-Bus, a network plugin holding its lock), e.g. `crictl ps` hangs on the node; restart the runtime (or the stuck plugin) to release the node",
    };
  }
  if (/network not ready|NetworkPluginNotReady|cni plugin not initialized/i.test(message)) {
    return {
      cause: "the container runtime network is not ready (the network plugin is not initialized)",
      fix: "check the node's CNI configuration (/etc/cni/net.d), the network daemon on the node and that the node has a podCIDR",
    };
  }
  if (reason === "NodeStatusUnknown" || /stopped posting node status/i.test(message)) {
    return {
      cause: "heartbeat lost: the kubelet stopped posting node status",
      fix: "check that the kubelet runs on the node and reaches the API server (its logs, its client certificate, the network between them)",
    };
  }
  if (/container runtime is down|runtime not ready|RuntimeReady=false/i.test(message)) {
    return { cause: "the container runtime is down", fix: "restart the container runtime on the node and check its logs" };
  }
  return { cause: message || reason || "no reason given", fix: "read the kubelet's logs on the node for why it reports NotReady" };
}

/** The calls the message names, one line per call kind: the oldest first, with how many more are waiting behind it. */
export function outstandingCalls(message: string): string[] {
  const byCall = new Map<string, string[]>();
  for (const m of message.matchAll(OUTSTANDING)) byCall.set(m[1], [...(byCall.get(m[1]) ?? []), m[2]]);
  return [...byCall].map(([call, ages]) => `${call} outstanding for ${ages[0]}${ages.length > 1 ? ` (${ages.length} such calls waiting, the newest for ${ages.at(-1)})` : ""}`);
}

export const nodeNotReady: Check = {
  name: "node-not-ready",
  description: "NotReady nodes: the Ready condition's cause (PLEG, runtime, network, heartbeat) and the runtime/CNI calls outstanding",
  async run({ view, now }) {
    const findings: Finding[] = [];
    const nodes = await view.list<NodeObject>(NODES);
    for (const node of nodes) {
      const ready = conditionOf(node, "Ready");
      if (!ready || ready.status === "True") continue;
      const name = node.metadata.name!;
      const message = ready.message ?? "";
      const d = diagnoseReadyMessage(ready.reason, message);
      // The calls are listed once each below: the first line keeps the message up to them.
      const head = message.split(/, (?=[A-Za-z]+ call \S+ outstanding)/)[0];
      const chain: EvidenceStep[] = [{ text: `Node ${name} ${conditionText(ready)}${since(now, ready.lastTransitionTime)}: ${head || "(no message)"}`, ref: { kind: "Node", name } }];
      chain.push({ text: d.cause });
      chain.push(...outstandingCalls(message).map((text) => ({ text })));
      if (ready.status === "Unknown") {
        const lease = await view.get(LEASES, "kube-node-lease", name);
        const renewed = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
        if (renewed) chain.push({ text: `Lease kube-node-lease/${name} last renewed ${since(now, renewed).replace(" for ", "")} ago`, ref: { kind: "Lease", namespace: "kube-node-lease", name } });
      }
      findings.push({
        check: "node-not-ready",
        severity: "critical",
        about: { kind: "Node", name },
        summary: `node is NotReady: ${d.cause.split(":")[0]}`,
        chain,
        fix: d.fix,
        cause: `Node/${name}`,
      });
    }
    return findings;
  },
};
