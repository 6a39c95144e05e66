/** Every check, in the order the report lists them. */
import type { Check } from "../types.js";
import { apiserviceUnavailable } from "./apiservice-unavailable.js";
import { certificates } from "./certificates.js";
import { clusterDns } from "./cluster-dns.js";
import { imagePull } from "./image-pull.js";
import { namespaceTerminating } from "./namespace-terminating.js";
import { nodeNotReady } from "./node-not-ready.js";
import { nodeUnreachable } from "./node-unreachable.js";
import { kubeProxySync } from "./kube-proxy-sync.js";
import { oldReplicaSets } from "./old-replicasets.js";
import { podSandbox } from "./pod-sandbox.js";
import { podsHalfReady } from "./pods-half-ready.js";
import { podsStuckTerminating } from "./pods-stuck-terminating.js";

export const CHECKS: Check[] = [
  nodeNotReady,
  namespaceTerminating,
  apiserviceUnavailable,
  nodeUnreachable,
  podsHalfReady,
  clusterDns,
  certificates,
  oldReplicaSets,
  podsStuckTerminating,
  imagePull,
  podSandbox,
  kubeProxySync,
];
