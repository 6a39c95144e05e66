/**
 * `skiff net trace FROM TO:PORT[/tcp|udp|sctp]`: follows a packet through
 * the simulated network, hop by hop, and prints where it arrives or where
 * and why it is dropped. Reads the cluster through the API (kubeconfig as
 * the other commands): nodes, pods, the route table and security groups;
 * each node's NAT rules come from a NatTableSupplier when one is given.
 * TO may be a DNS name, resolved from the FROM pod first (net-trace-dns.ts).
 * Where kube-proxy's DNAT sent the packet to a pod, the endpoint is named.
 * Exits 0 when the packet arrives, 1 when it is dropped or refused (or the
 * name does not resolve).
 */
import type { Endpoints, Node, Pod, Service } from "kubernetes-types/core/v1.js";
import type { RouteObject } from "../api/network/routes.js";
import type { SecurityGroupObject } from "../api/network/security-groups.js";
import type { KubeObject } from "../api/types.js";
import { isApiError } from "../api/errors.js";
import { createClientFromKubeconfig } from "../client/http-transport.js";
import { ENDPOINTS, NODES, PODS, ROUTES, SECURITY_GROUPS, SERVICES } from "../client/resources.js";
import type { Client, GVR } from "../client/types.js";
import { createNetworkView, tracePath, type NatTableSupplier, type NetworkSnapshot } from "../network/model/index.js";
import { realClock } from "../util/clock.js";
import { seededRandom } from "../util/seeded-random.js";
import { FlagError, type FlagSpec, type FlagValues } from "./flags.js";
import { clusterAccessFlags, kubeconfigPath } from "./cluster-access.js";
import { resolveDestination, resolveSource } from "./net-trace-resolve.js";
import { formatTrace } from "./net-trace-print.js";
import { formatResolution, resolveFromPod, type NameResolution } from "./net-trace-dns.js";
import { DEFAULT_CLUSTER_CIDR, natSupplier, readNodeTables } from "./tables-from-api.js";

export const netFlags: FlagSpec[] = [
  ...clusterAccessFlags,
  { name: "cluster-cidr", kind: "string", usage: "The cluster's pod range, to tell a missing route from an outside address and for kube-proxy's masquerade rule (default: the nodes' podCIDRs; 10.244.0.0/16 for the rules)" },
  { name: "cluster-domain", kind: "string", usage: "The cluster's DNS domain, for the search paths a pod resolves a name with (default cluster.local)" },
  { name: "seed", kind: "int", usage: "Seed for kube-proxy's random endpoint choice, to repeat a trace exactly (default: random)" },
  { name: "output", kind: "string", usage: "Output format: text (default) or json" },
];

/** Where NAT rules come from: given a client, each node's iptables-save text (kube-proxy's renderer). */
export type NatSource = (client: Client) => Promise<NatTableSupplier | undefined>;

const SERVICE_CIDRS: GVR = { group: "networking.k8s.io", version: "v1", resource: "servicecidrs" };

export async function runNet(values: FlagValues, positional: string[], natSource?: NatSource): Promise<number> {
  const [sub, from, to, extra] = positional;
  if (sub !== "trace") throw new FlagError(sub === undefined ? "requires a subcommand: skiff net trace FROM TO:PORT" : `unknown subcommand "${sub}" for "skiff net"`);
  if (!from || !to) throw new FlagError("requires a source and a destination: skiff net trace FROM TO:PORT[/tcp|udp]");
  if (extra !== undefined) throw new FlagError(`unexpected argument "${extra}"`);
  const output = String(values.output ?? "text");
  if (output !== "text" && output !== "json") throw new FlagError(`unknown output format "${output}": one of text, json`);
  const kubeconfig = kubeconfigPath(values);
  const client = await createClientFromKubeconfig(kubeconfig, { identity: "skiff-net-trace" });
  const { snapshot, services } = await readSnapshot(client, values["cluster-cidr"] === undefined ? undefined : String(values["cluster-cidr"]));
  snapshot.nat = natSource ? await natSource(client) : natSupplier(await readNodeTables(client, snapshot.clusterCIDR ?? DEFAULT_CLUSTER_CIDR), snapshot.nodes);
  const view = createNetworkView(snapshot);
  const source = resolveSource(view, from);
  const dest = resolveDestination(view, services, to);
  const random = values.seed === undefined ? Math.random : seededRandom(Number(values.seed));
  let resolution: NameResolution | undefined;
  if (dest.name !== undefined) {
    if (source.source.kind !== "pod") throw new FlagError(`"${dest.name}" is resolved by the source's resolver: trace a name from a pod`);
    const clusterDomain = values["cluster-domain"] === undefined ? undefined : String(values["cluster-domain"]);
    resolution = await resolveFromPod(client, { snapshot, services }, source.source.pod, dest.name, { clusterDomain, random });
    const r = resolution.result;
    if (!r.ok || !r.addresses.length) {
      process.stdout.write(output === "json" ? `${JSON.stringify({ resolution }, null, 2)}\n` : formatResolution(resolution, source.label));
      return 1;
    }
    dest.address = r.addresses[0];
    dest.label = `${dest.name} (${dest.address})`;
  }
  const trace = tracePath(view, { from: source.source, to: dest.address, port: dest.port, protocol: dest.protocol }, { now: () => realClock.now(), random });
  if (output === "json") process.stdout.write(`${JSON.stringify(resolution ? { resolution, ...trace } : trace, null, 2)}\n`);
  else process.stdout.write((resolution ? formatResolution(resolution, source.label) : "") + formatTrace(trace, source.label, dest.label));
  return trace.verdict.result === "REACHED" ? 0 : 1;
}

/** The cluster as the model needs it, read once through the API. */
export async function readSnapshot(client: Client, clusterCIDR?: string): Promise<{ snapshot: NetworkSnapshot; services: Service[] }> {
  const list = async <T extends KubeObject>(g: Parameters<Client["list"]>[0], opts = {}) => (await client.list<T>(g, opts)).items;
  const [nodes, pods, routes, securityGroups, services] = await Promise.all([
    list<Node & KubeObject>(NODES),
    list<Pod & KubeObject>(PODS),
    list<RouteObject>(ROUTES),
    list<SecurityGroupObject>(SECURITY_GROUPS),
    list<Service & KubeObject>(SERVICES),
  ]);
  const snapshot: NetworkSnapshot = { nodes, pods, routes, securityGroups, clusterCIDR };
  // The API server as its `kubernetes` endpoints advertise it.
  try {
    const ep = await client.get<Endpoints & KubeObject>(ENDPOINTS, "default", "kubernetes");
    const subset = ep.subsets?.[0];
    const address = subset?.addresses?.[0]?.ip;
    const port = subset?.ports?.find((p) => p.name === "https")?.port ?? subset?.ports?.[0]?.port;
    if (address && port) snapshot.apiServer = { address, port };
  } catch (err) {
    if (!isApiError(err, "NotFound")) throw err;
  }
  try {
    const cidr = await client.get<KubeObject & { spec?: { cidrs?: string[] } }>(SERVICE_CIDRS, undefined, "kubernetes");
    snapshot.serviceCIDR = cidr.spec?.cidrs?.[0];
  } catch (err) {
    if (!isApiError(err, "NotFound")) throw err;
  }
  return { snapshot, services };
}
