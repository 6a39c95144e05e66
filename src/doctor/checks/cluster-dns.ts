/**
 * Cluster DNS as the kubelets hand it to pods (S5): a few Ready nodes'
 * clusterDNS (their /configz) against the kube-dns Service's clusterIP.
 * Half-ready pods caused by it are reported by pods-half-ready with the
 * same cause (their chain is deeper, so that finding wins).
 */
import type { KubeObject } from "../../api/types.js";
import { NODES, SERVICES } from "../../client/resources.js";
import { explainDnsMismatch } from "../dns-evidence.js";
import { conditionOf } from "../evidence.js";
import type { Check } from "../types.js";

/** Nodes asked for their configuration per run: the kubelets of one cluster share it. */
export const DNS_SAMPLE_NODES = 3;

export const clusterDns: Check = {
  name: "cluster-dns",
  description: "the kubelets' clusterDNS (configz via nodes/proxy) against the kube-dns Service's clusterIP",
  async run({ view, now }) {
    const svc = await view.get<KubeObject>(SERVICES, "kube-system", "kube-dns");
    if (!svc && !(await view.list(SERVICES)).length) return [];
    const nodes = (await view.list(NODES)).filter((n) => conditionOf(n, "Ready")?.status === "True").slice(0, DNS_SAMPLE_NODES);
    for (const n of nodes) {
      const why = await explainDnsMismatch(view, n.metadata.name!, now);
      if (!why) continue;
      return [
        {
          check: "cluster-dns",
          severity: "critical",
          about: { kind: "Service", namespace: "kube-system", name: "kube-dns" },
          summary: "pods' nameserver is not the kube-dns Service's address: DNS from pods fails",
          chain: why.steps,
          fix: why.fix,
          cause: why.cause,
        },
      ];
    }
    return [];
  },
};
