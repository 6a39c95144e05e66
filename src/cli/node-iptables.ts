/**
 * `skiff node iptables NODE`: the node's iptables (filter and nat tables) in
 * iptables-save format, as its kube-proxy writes them, rendered from the
 * API's Services and EndpointSlices with the same renderer kube-proxy uses.
 */
import type { Node } from "kubernetes-types/core/v1.js";
import { createClientFromKubeconfig } from "../client/http-transport.js";
import { NODES } from "../client/resources.js";
import { FlagError, type FlagSpec, type FlagValues } from "./flags.js";
import { clusterAccessFlags, kubeconfigPath } from "./cluster-access.js";
import { DEFAULT_CLUSTER_CIDR, readNodeTables } from "./tables-from-api.js";

export const nodeIptablesFlags: FlagSpec[] = [
  ...clusterAccessFlags,
  { name: "table", kind: "string", usage: "Only this table: nat or filter (as iptables-save -t)", check: (v) => (v === "nat" || v === "filter" ? undefined : "must be nat or filter") },
  { name: "cluster-cidr", kind: "string", default: DEFAULT_CLUSTER_CIDR, usage: "The cluster's pod CIDR, as given to kube-proxy (traffic from outside it to a ClusterIP is masqueraded)" },
];

export async function runNodeIptables(values: FlagValues, positional: string[]): Promise<number> {
  const [sub, nodeName, extra] = positional;
  if (sub !== "iptables") throw new FlagError(sub === undefined ? "requires a subcommand: skiff node iptables NODE" : `unknown command "${sub}" for "skiff node"`);
  if (!nodeName) throw new FlagError("requires a node name: skiff node iptables NODE");
  if (extra !== undefined) throw new FlagError(`unexpected argument "${extra}"`);
  const kubeconfig = kubeconfigPath(values);
  const client = await createClientFromKubeconfig(kubeconfig, { identity: "skiff-node-iptables" });
  const node = (await client.get(NODES, undefined, nodeName)) as unknown as Node;
  const tables = (await readNodeTables(client, String(values["cluster-cidr"]))).tables(node);
  const table = values.table === undefined ? undefined : String(values.table);
  process.stdout.write(table === "nat" ? tables.nat : table === "filter" ? tables.filter : tables.filter + tables.nat);
  return 0;
}
