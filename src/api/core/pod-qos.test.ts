import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "kubernetes-types/core/v1.js";
import { podQOSClass, type QOSClass } from "./pod-qos.js";

const c = (resources: Container["resources"]): Container => ({ name: "c", image: "x", resources });

const cases: { name: string; containers: Container[]; init?: Container[]; want: QOSClass }[] = [
  { name: "No requests or limits is BestEffort.", containers: [c(undefined)], want: "BestEffort" },
  { name: "Zero requests count as none.", containers: [c({ requests: { cpu: "0" } })], want: "BestEffort" },
  { name: "Equal cpu and memory requests and limits are Guaranteed.", containers: [c({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1000m", memory: "1024Mi" } })], want: "Guaranteed" },
  { name: "Limits alone on both resources are Guaranteed once requests equal them.", containers: [c({ limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "1", memory: "1Gi" } })], want: "Guaranteed" },
  { name: "Requests below limits are Burstable.", containers: [c({ requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } })], want: "Burstable" },
  { name: "A memory limit without a cpu limit is Burstable.", containers: [c({ requests: { memory: "1Gi" }, limits: { memory: "1Gi" } })], want: "Burstable" },
  {
    name: "One container without limits makes the pod Burstable.",
    containers: [c({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }), c({ requests: { cpu: "100m" } })],
    want: "Burstable",
  },
  { name: "Init containers count too.", containers: [c(undefined)], init: [c({ requests: { memory: "10Mi" } })], want: "Burstable" },
  { name: "Extended resources do not count.", containers: [c({ requests: { "example.com/gpu": "1" }, limits: { "example.com/gpu": "1" } })], want: "BestEffort" },
];

for (const t of cases) {
  test(t.name, () => {
    assert.equal(podQOSClass({ containers: t.containers, initContainers: t.init }), t.want);
  });
}
