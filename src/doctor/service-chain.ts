/**
 * Follows a Service down to why it does not answer: the Service, its
 * EndpointSlices, the pods behind them, each pod's node, and (on Skiff's
 * simulated network) the route or security group that drops the API
 * server's packets to the pod. Shared by the APIService and namespace
 * checks, so the same incident gets the same cause from both.
 */
import type { Node, Pod, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import type { KubeObject } from "../api/types.js";
import { selectorMatches } from "../api/validation/label-selector.js";
import { ENDPOINTSLICES, NODES, PODS, SERVICES } from "../client/resources.js";
import { conditionOf, conditionText, since } from "./evidence.js";
import { explainUnreachable, type Explanation } from "./network-evidence.js";
import type { ClusterView, EvidenceStep } from "./types.js";

type SliceObject = EndpointSlice & KubeObject;
type PodObject = Pod & KubeObject;

export async function followService(view: ClusterView, namespace: string, name: string, now: number): Promise<Explanation> {
  const where = `Service ${namespace}/${name}`;
  const svc = await view.get<Service & KubeObject>(SERVICES, namespace, name);
  if (!svc) return { steps: [{ text: `${where} does not exist` }], cause: `Service/${namespace}/${name}`, fix: `create the Service ${namespace}/${name} (or point the APIService at the right one)` };
  const steps: EvidenceStep[] = [{ text: `${where} (clusterIP ${svc.spec?.clusterIP ?? "none"})`, ref: { kind: "Service", namespace, name } }];
  const slices = (await view.list<SliceObject>(ENDPOINTSLICES)).filter((s) => s.metadata.namespace === namespace && s.metadata.labels?.["kubernetes.io/service-name"] === name);
  const endpoints = slices.flatMap((s) => (s.endpoints ?? []).map((e) => ({ e, port: s.ports?.[0]?.port ?? undefined })));
  const ready = endpoints.filter(({ e }) => e.conditions?.ready !== false);
  const pods = await view.list<PodObject>(PODS);
  const podByRef = (ref: { namespace?: string; name?: string } | undefined) => (ref ? pods.find((p) => p.metadata.namespace === (ref.namespace ?? namespace) && p.metadata.name === ref.name) : undefined);

  if (!ready.length) {
    steps.push({ text: slices.length ? `EndpointSlices of ${where}: no ready endpoint (${endpoints.length} not ready)` : `${where} has no EndpointSlice` });
    const selector = svc.spec?.selector;
    const selected = selector ? pods.filter((p) => p.metadata.namespace === namespace && selectorMatches({ matchLabels: selector }, p.metadata.labels ?? {})) : [];
    const pod = podByRef(endpoints[0]?.e.targetRef) ?? selected[0];
    if (!pod) {
      steps.push({ text: selector ? `no pod matches the selector ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(",")}` : "the Service has no selector and no endpoints" });
      return { steps, cause: `Service/${namespace}/${name}`, fix: `run the pods that serve ${where} (its Deployment scaled to 0 or deleted?) or fix its selector` };
    }
    return followPod(view, pod, steps, now);
  }
  steps.push({ text: `EndpointSlices of ${where}: ${ready.length} ready endpoint${ready.length === 1 ? "" : "s"} (${ready.slice(0, 3).flatMap(({ e }) => e.addresses ?? []).join(", ")})` });
  for (const { e, port } of ready) {
    const pod = podByRef(e.targetRef);
    const address = e.addresses?.[0];
    if (!address) continue;
    const podSteps: EvidenceStep[] = [...steps, { text: `${pod ? `Pod ${pod.metadata.namespace}/${pod.metadata.name} (${address})` : address} on node ${pod?.spec?.nodeName ?? e.nodeName ?? "?"}`, ref: pod ? { kind: "Pod", namespace: pod.metadata.namespace, name: pod.metadata.name! } : undefined }];
    const nodeName = pod?.spec?.nodeName ?? e.nodeName;
    const nodeIssue = nodeName ? await nodeNotReadyStep(view, nodeName, now) : undefined;
    if (nodeIssue) return { steps: [...podSteps, nodeIssue], cause: `Node/${nodeName}`, fix: `bring node ${nodeName} back to Ready (see its Ready condition), or move the pod elsewhere` };
    const why = port === undefined ? undefined : await explainUnreachable(view, address, port);
    if (why) return { steps: [...podSteps, ...why.steps], cause: why.cause, fix: why.fix };
  }
  return { steps, cause: `Service/${namespace}/${name}`, fix: `check that the pods behind ${where} answer on their port (their logs, their readiness)` };
}

async function followPod(view: ClusterView, pod: PodObject, steps: EvidenceStep[], now: number): Promise<Explanation> {
  const ns = pod.metadata.namespace!;
  const name = pod.metadata.name!;
  const ready = conditionOf(pod, "Ready");
  const waiting = (pod.status?.containerStatuses ?? []).find((c) => c.state?.waiting || !c.ready);
  const detail = waiting?.state?.waiting ? `container ${waiting.name} waiting: ${waiting.state.waiting.reason ?? ""}${waiting.state.waiting.message ? ` (${waiting.state.waiting.message})` : ""}` : ready ? conditionText(ready) : "";
  steps.push({ text: `Pod ${ns}/${name} on node ${pod.spec?.nodeName ?? "(none)"}: ${pod.status?.phase ?? "Unknown"}${detail ? `, ${detail}` : ""}`, ref: { kind: "Pod", namespace: ns, name } });
  const nodeName = pod.spec?.nodeName;
  const nodeIssue = nodeName ? await nodeNotReadyStep(view, nodeName, now) : undefined;
  if (nodeIssue) return { steps: [...steps, nodeIssue], cause: `Node/${nodeName}`, fix: `bring node ${nodeName} back to Ready (see its Ready condition), or move the pod elsewhere` };
  return { steps, cause: `Pod/${ns}/${name}`, fix: `find why pod ${ns}/${name} is not ready: kubectl describe pod -n ${ns} ${name}` };
}

async function nodeNotReadyStep(view: ClusterView, nodeName: string, now: number): Promise<EvidenceStep | undefined> {
  const node = await view.get<Node & KubeObject>(NODES, undefined, nodeName);
  const ready = node ? conditionOf(node, "Ready") : undefined;
  if (!node) return { text: `Node ${nodeName} does not exist`, ref: { kind: "Node", name: nodeName } };
  if (!ready || ready.status === "True") return undefined;
  return { text: `Node ${nodeName} ${conditionText(ready)}${since(now, ready.lastTransitionTime)}: ${(ready.message ?? "").split(/, (?=[A-Za-z]+ call )/)[0]}`, ref: { kind: "Node", name: nodeName } };
}
