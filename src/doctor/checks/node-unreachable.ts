/**
 * Nodes whose kubelet the API server cannot reach (kubectl exec, logs and
 * top fail with "error dialing backend: dial tcp <ip>:10250: i/o timeout"):
 * each Ready node's /healthz through nodes/proxy. On Skiff's simulated
 * network the security groups (or the route table) that drop the packets
 * are named. NotReady nodes are left to node-not-ready. One finding per
 * cause, naming every node it cuts off. Works on any cluster.
 */
import type { Node } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { NODES } from "../../client/resources.js";
import { mapLimit } from "../concurrency.js";
import { conditionOf } from "../evidence.js";
import { explainUnreachable } from "../network-evidence.js";
import type { Check, EvidenceStep, Finding } from "../types.js";

type NodeObject = Node & KubeObject;

/** How many nodes' healthz are asked at once. */
export const PROBE_CONCURRENCY = 64;

export const kubeletPort = (n: NodeObject) => n.status?.daemonEndpoints?.kubeletEndpoint?.Port || 10250;
export const internalIP = (n: NodeObject) => (n.status?.addresses ?? []).find((a) => a.type === "InternalIP")?.address;

/** Answers that mean the network (not the kubelet) failed: the packets went nowhere. */
const UNREACHABLE = /i\/o timeout|no route to host|connection refused|error dialing backend|dial tcp|no answer within|network is unreachable/i;

export const nodeUnreachable: Check = {
  name: "node-unreachable",
  description: "nodes whose kubelet (10250) the API server cannot reach through nodes/proxy, and the security-group rules or routes that explain it",
  async run({ view }) {
    const nodes = (await view.list<NodeObject>(NODES)).filter((n) => conditionOf(n, "Ready")?.status === "True");
    const probes = await mapLimit(nodes, PROBE_CONCURRENCY, async (n) => ({ n, r: await view.proxyGet(`/api/v1/nodes/${encodeURIComponent(n.metadata.name!)}/proxy/healthz`) }));
    const byCause = new Map<string, { nodes: string[]; chain: EvidenceStep[]; fix: string }>();
    for (const { n, r } of probes) {
      if (r.ok || !UNREACHABLE.test(r.error)) continue;
      const name = n.metadata.name!;
      const ip = internalIP(n);
      const port = kubeletPort(n);
      const symptom: EvidenceStep = { text: `GET nodes/${name}/proxy/healthz: ${r.error}`, ref: { kind: "Node", name } };
      const why = ip ? await explainUnreachable(view, ip, port) : undefined;
      const cause = why?.cause ?? `KubeletUnreachable/${name}`;
      const seen = byCause.get(cause);
      if (seen) {
        seen.nodes.push(name);
        continue;
      }
      byCause.set(cause, {
        nodes: [name],
        chain: [symptom, ...(why?.steps ?? [{ text: `nothing in the API explains it: check the firewall between the control plane and ${ip ?? name}:${port}` }])],
        fix: why?.fix ?? `allow TCP ${port} from the control plane to the node (firewall, security group) and check the kubelet listens there`,
      });
    }
    return [...byCause].map(([cause, { nodes, chain, fix }]): Finding => ({
      check: "node-unreachable",
      severity: "critical",
      about: { kind: "Node", name: nodes[0] },
      summary: `the API server cannot reach the kubelet of ${nodes.length === 1 ? `node ${nodes[0]}` : `${nodes.length} nodes (${nodes.slice(0, 5).join(", ")}${nodes.length > 5 ? ", ..." : ""})`}: kubectl exec, logs and top fail`,
      chain,
      fix,
      cause,
    }));
  },
};
