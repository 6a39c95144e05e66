import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject, Lister } from "../../../client/types.js";
import { CycleState } from "../../framework/cycle-state.js";
import { cacheOf, makeNode, makePod, nodeInfoOf, podInfo, testHandle } from "../../testing/builders.js";
import { create, ERR_REASON_NODE_CONFLICT, ERR_REASON_UNBOUND_IMMEDIATE } from "./volume-binding.js";

function listerOf(objs: KubeObject[]): Lister {
  return {
    get: (ns: string | undefined, name: string) => objs.find((o) => o.metadata.name === name && (o.metadata.namespace ?? undefined) === ns),
    list: () => objs,
    byIndex: () => [],
  };
}

const pvc = (name: string, volumeName?: string, storageClassName?: string): KubeObject => ({ metadata: { name, namespace: "default" }, spec: { volumeName, storageClassName } });
const pv = (name: string, zone: string): KubeObject => ({ metadata: { name }, spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: [zone] }] }] } } } });
const podWithClaim = (claim: string) => makePod("p", { spec: { volumes: [{ name: "v", persistentVolumeClaim: { claimName: claim } }] } });

function run(claim: string, nodeZone: string) {
  const listers = {
    persistentVolumeClaims: listerOf([pvc("bound", "pv-a"), pvc("pending"), pvc("late", undefined, "wait")]),
    persistentVolumes: listerOf([pv("pv-a", "a")]),
    storageClasses: listerOf([{ metadata: { name: "wait" }, volumeBindingMode: "WaitForFirstConsumer" }]),
  };
  const p = create(undefined, testHandle(cacheOf([]), listers));
  const state = new CycleState();
  const info = podInfo(podWithClaim(claim));
  const pre = p.preFilter(state, info);
  if (!pre.isSuccess()) return `prefilter: ${pre.message()}`;
  return p.filter(state, info, nodeInfoOf(makeNode("n", { labels: { zone: nodeZone } }))).message() || "ok";
}

describe("VolumeBinding", () => {
  const cases = [
    { name: "passes a node inside the bound volume's node affinity", claim: "bound", zone: "a", want: "ok" },
    { name: "rejects a node outside the bound volume's node affinity", claim: "bound", zone: "b", want: ERR_REASON_NODE_CONFLICT },
    { name: "rejects the pod at PreFilter while an immediate claim is unbound", claim: "pending", zone: "a", want: `prefilter: ${ERR_REASON_UNBOUND_IMMEDIATE}` },
    { name: "leaves a WaitForFirstConsumer claim to provisioning", claim: "late", zone: "b", want: "ok" },
    { name: "names a missing claim", claim: "nope", zone: "a", want: 'prefilter: persistentvolumeclaim "nope" not found' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(run(c.claim, c.zone), c.want));
});
