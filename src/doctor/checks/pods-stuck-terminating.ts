/**
 * Pods stuck Terminating (S7): deleted, their grace period over, still
 * there. The chain gives each container's state (a process that survives
 * SIGKILL keeps its container running), the node and the kubelet's last
 * warnings about the pod. Pods on a node that is not Ready are left to
 * node-not-ready: nobody there can confirm anything, the node is the
 * incident. Works on any cluster.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { NODES, PODS } from "../../client/resources.js";
import { conditionOf, conditionText, since } from "../evidence.js";
import type { Check, EvidenceStep, Finding } from "../types.js";

/** Time past the deletion deadline before a pod counts as stuck (the kubelet's sync period and its status write). */
export const STUCK_SLACK_MS = 30_000;

type PodObject = Pod & KubeObject;

export function containerStateText(c: NonNullable<Pod["status"]>["containerStatuses"] extends (infer S)[] | undefined ? S : never, now: number): string {
  if (c.state?.running) return `running${since(now, c.state.running.startedAt)}`;
  if (c.state?.terminated) return `terminated (${c.state.terminated.reason ?? "exit " + c.state.terminated.exitCode})`;
  if (c.state?.waiting) return `waiting (${c.state.waiting.reason ?? ""})`;
  return "unknown";
}

export const podsStuckTerminating: Check = {
  name: "pods-stuck-terminating",
  description: "pods stuck Terminating past their grace period, with their containers' states and the node's",
  async run({ view, now }) {
    const findings: Finding[] = [];
    for (const p of await view.list<PodObject>(PODS)) {
      const due = p.metadata.deletionTimestamp;
      if (!due || now - Date.parse(due) < STUCK_SLACK_MS) continue;
      const ns = p.metadata.namespace!;
      const name = p.metadata.name!;
      const grace = p.metadata.deletionGracePeriodSeconds;
      const chain: EvidenceStep[] = [{ text: `Pod ${ns}/${name} Terminating: deletion was due${since(now, due).replace(" for ", " ")} ago${grace === undefined ? "" : ` (grace period ${grace}s)`}, finalizers: ${(p.metadata.finalizers ?? []).join(", ") || "none"}`, ref: { kind: "Pod", namespace: ns, name } }];
      const statuses = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
      const alive = statuses.filter((c) => c.state?.running);
      for (const c of statuses) chain.push({ text: `container ${c.name}: ${containerStateText(c, now)}` });
      const nodeName = p.spec?.nodeName;
      const node = nodeName ? await view.get(NODES, undefined, nodeName) : undefined;
      const ready = node ? conditionOf(node, "Ready") : undefined;
      if (node && ready?.status !== "True") continue;
      const nodeDown = !!nodeName && !node;
      if (nodeName) chain.push({ text: node ? `Node ${nodeName} ${ready ? conditionText(ready) : "has no Ready condition"}` : `Node ${nodeName} does not exist`, ref: { kind: "Node", name: nodeName } });
      const warnings = (await view.eventsFor({ kind: "Pod", namespace: ns, name })).filter((e) => e.type === "Warning");
      const last = warnings.at(-1);
      if (last) chain.push({ text: `kubelet: ${last.reason}: ${last.message}`, ref: { kind: "Event", namespace: last.metadata.namespace, name: last.metadata.name! } });
      const fix = nodeDown
        ? `node ${nodeName} is gone, so nobody confirms the containers stopped: kubectl delete pod -n ${ns} ${name} --grace-period=0 --force`
        : alive.length
          ? `a process in ${alive.map((c) => c.name).join(", ")} survives SIGKILL (uninterruptible sleep, state D: a hung sync(), NFS or ceph call): find it on ${nodeName} (ps -eo pid,stat,wchan,cmd | awk '$2 ~ /D/'), fix the storage it waits on; force deletion only removes the object`
          : `the containers are gone but the pod remains: check its finalizers and the kubelet's logs on ${nodeName ?? "its node"}`;
      findings.push({
        check: "pods-stuck-terminating",
        severity: "warning",
        about: { kind: "Pod", namespace: ns, name },
        summary: `pod stuck Terminating${alive.length ? `: container ${alive.map((c) => c.name).join(", ")} still running` : ""}`,
        chain,
        fix,
        cause: nodeDown ? `Node/${nodeName}` : `Pod/${ns}/${name}/terminating`,
      });
    }
    return findings;
  },
};
