/**
 * `skiff node iptables NODE`: the node's iptables (filter and nat tables) in
 * iptables-save format, as its kube-proxy writes them, rendered from the
 * API's Services and EndpointSlices with the same renderer kube-proxy uses.
 */
import path from "node:path";
import type { Node, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { createClientFromKubeconfig } from "../client/http-transport.js";
import { ENDPOINTSLICES, NODES, SERVICES } from "../client/resources.js";
import { renderIptables } from "../proxy/index.js";
import { defaultDataDir } from "./control-plane.js";
import { FlagError, type FlagSpec, type FlagValues } from "./flags.js";

export const nodeIptablesFlags: FlagSpec[] = [
  { name: "kubeconfig", kind: "string", usage: "Path to the kubeconfig ($KUBECONFIG, else DIR/kubeconfig of the local cluster)" },
  { name: "data-dir", kind: "string", usage: "The local cluster's data directory, for its kubeconfig ($SKIFF_DATA_DIR, else ~/.skiff)" },
  { name: "table", kind: "string", usage: "Only this table: nat or filter (as iptables-save -t)", check: (v) => (v === "nat" || v === "filter" ? undefined : "must be nat or filter") },
  { name: "cluster-cidr", kind: "string", default: "10.244.0.0/16", usage: "The cluster's pod CIDR, as given to kube-proxy (traffic from outside it to a ClusterIP is masqueraded)" },
];

export async function runNodeIptables(values: FlagValues, positional: string[]): Promise<number> {
  const [sub, nodeName, extra] = positional;
  if (sub !== "iptables") throw new FlagError(sub === undefined ? "requires a subcommand: skiff node iptables NODE" : `unknown command "${sub}" for "skiff node"`);
  if (!nodeName) throw new FlagError("requires a node name: skiff node iptables NODE");
  if (extra !== undefined) throw new FlagError(`unexpected argument "${extra}"`);
  const dataDir = values["data-dir"] === undefined ? undefined : String(values["data-dir"]);
  const kubeconfig = String(values.kubeconfig ?? (dataDir === undefined ? process.env.KUBECONFIG : undefined) ?? path.join(path.resolve(dataDir ?? defaultDataDir()), "kubeconfig"));
  const client = await createClientFromKubeconfig(kubeconfig, { identity: "skiff-node-iptables" });
  const node = (await client.get(NODES, undefined, nodeName)) as unknown as Node;
  const [services, slices] = await Promise.all([client.list(SERVICES), client.list(ENDPOINTSLICES)]);
  const nodeIPs = (node.status?.addresses ?? []).filter((a) => a.type === "InternalIP" || a.type === "ExternalIP").map((a) => a.address);
  const tables = renderIptables(
    { services: services.items as unknown as Service[], endpointSlices: slices.items as unknown as EndpointSlice[] },
    { nodeName, nodeIPs, nodeLabels: node.metadata?.labels ?? {}, clusterCIDR: String(values["cluster-cidr"]) },
  );
  const table = values.table === undefined ? undefined : String(values.table);
  process.stdout.write(table === "nat" ? tables.nat : table === "filter" ? tables.filter : tables.filter + tables.nat);
  return 0;
}
