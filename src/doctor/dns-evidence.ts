/**
 * Whether pods can reach cluster DNS (S5): the nameserver the kubelets
 * write into pods' resolv.conf (clusterDNS, from each kubelet's /configz
 * through nodes/proxy) against the kube-dns Service's clusterIP. A kube-dns
 * Service deleted and recreated without its fixed clusterIP leaves every
 * pod asking an address nobody answers.
 */
import type { Service } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../api/types.js";
import { SERVICES } from "../client/resources.js";
import { since } from "./evidence.js";
import type { Explanation } from "./network-evidence.js";
import type { ClusterView } from "./types.js";

export const DNS_CAUSE = "ClusterDNS/kube-system/kube-dns";

/** The kubelet's clusterDNS, or undefined when its /configz cannot be read (not every kubelet serves it to us). */
export async function kubeletClusterDNS(view: ClusterView, nodeName: string): Promise<string[] | undefined> {
  const r = await view.proxyGet(`/api/v1/nodes/${encodeURIComponent(nodeName)}/proxy/configz`);
  if (!r.ok) return undefined;
  try {
    const dns = (JSON.parse(r.body) as { kubeletconfig?: { clusterDNS?: string[] } }).kubeletconfig?.clusterDNS;
    return Array.isArray(dns) ? dns : undefined;
  } catch {
    return undefined;
  }
}

/** Why pods on nodeName cannot reach cluster DNS, or undefined when the kubelet's nameserver is kube-dns (or either is unknown). */
export async function explainDnsMismatch(view: ClusterView, nodeName: string, now: number): Promise<Explanation | undefined> {
  const dns = await kubeletClusterDNS(view, nodeName);
  if (!dns?.length) return undefined;
  const svc = await view.get<Service & KubeObject>(SERVICES, "kube-system", "kube-dns");
  const kubelet = { text: `kubelet on ${nodeName} (configz): clusterDNS ${dns.join(", ")}, the nameserver in its pods' resolv.conf`, ref: { kind: "Node", name: nodeName } };
  if (!svc) {
    return { steps: [kubelet, { text: "Service kube-system/kube-dns does not exist: nothing answers on the pods' nameserver" }], cause: DNS_CAUSE, fix: `recreate Service kube-system/kube-dns with clusterIP ${dns[0]} (spec.clusterIP), selecting the cluster DNS pods` };
  }
  const ip = svc.spec?.clusterIP;
  if (ip && dns.includes(ip)) return undefined;
  return {
    steps: [
      kubelet,
      { text: `Service kube-system/kube-dns has clusterIP ${ip ?? "none"} (created${since(now, svc.metadata.creationTimestamp).replace(" for ", " ")} ago): nothing answers on ${dns[0]}`, ref: { kind: "Service", namespace: "kube-system", name: "kube-dns" } },
    ],
    cause: DNS_CAUSE,
    fix: `the kube-dns Service was recreated without its fixed address: delete it and create it again with spec.clusterIP: ${dns[0]} (pods keep the nameserver they were started with)`,
  };
}
