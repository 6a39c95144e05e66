/**
 * What flanneld writes on its node (M2): /run/flannel/subnet.env, read by
 * the flannel CNI plugin on every pod ADD, and the CNI configuration
 * /etc/cni/net.d/10-flannel.conflist (upstream's kube-flannel.yml
 * cni-conf.json, flannel then portmap, copied there by its install-cni
 * init container).
 *
 *   FLANNEL_NETWORK=10.244.0.0/16      the cluster CIDR (net-conf.json Network)
 *   FLANNEL_SUBNET=10.244.1.1/24       the node's podCIDR, first address (the cni0 bridge's)
 *   FLANNEL_MTU=1500                   the backend's MTU (vxlan: 1450; host-gw: the link's 1500)
 *   FLANNEL_IPMASQ=true                pod traffic leaving the cluster CIDR is masqueraded
 */
export const SUBNET_ENV_PATH = "/run/flannel/subnet.env";
export const CNI_CONFLIST_PATH = "/etc/cni/net.d/10-flannel.conflist";

export interface FlannelBackend {
  /** host-gw routes pod CIDRs through node addresses, no encapsulation (M2); vxlan encapsulates. */
  type: "host-gw" | "vxlan";
  mtu: number;
}

export const HOST_GW: FlannelBackend = { type: "host-gw", mtu: 1500 };
export const VXLAN: FlannelBackend = { type: "vxlan", mtu: 1450 };

/** "10.244.1.0/24" -> "10.244.1.1/24": the subnet's first host address, as flannel writes FLANNEL_SUBNET. */
export function firstHostOf(cidr: string): string {
  const [base, bits] = cidr.split("/");
  if (base.includes(":")) return `${base.replace(/::?$/, "")}::1/${bits}`;
  const n = base.split(".").reduce((acc, o) => acc * 256 + Number(o), 0) + 1;
  return `${[24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".")}/${bits}`;
}

export function subnetEnv(o: { clusterCIDR: string; podCIDR: string; backend: FlannelBackend; ipMasq: boolean }): string {
  return [`FLANNEL_NETWORK=${o.clusterCIDR}`, `FLANNEL_SUBNET=${firstHostOf(o.podCIDR)}`, `FLANNEL_MTU=${o.backend.mtu}`, `FLANNEL_IPMASQ=${o.ipMasq}`, ""].join("\n");
}

/** kube-flannel.yml's cni-conf.json. */
export function flannelConflist(): string {
  const conf = {
    name: "cbr0",
    cniVersion: "0.3.1",
    plugins: [
      { type: "flannel", delegate: { hairpinMode: true, isDefaultGateway: true } },
      { type: "portmap", capabilities: { portMappings: true } },
    ],
  };
  return `${JSON.stringify(conf, null, 2)}\n`;
}
