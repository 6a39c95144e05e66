/**
 * Where a node's kubelet listens, as the API server picks it: the first
 * address of the first type in --kubelet-preferred-address-types, and the
 * port the kubelet reported in status.daemonEndpoints.
 */
import type { KubeObject } from "../../api/types.js";
import { ApiError } from "../../api/errors.js";

export const DEFAULT_PREFERRED_ADDRESS_TYPES = ["Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP"] as const;

interface NodeStatusLike {
  addresses?: { type?: string; address?: string }[];
  daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
}

export function kubeletEndpoint(node: KubeObject, preferred: readonly string[] = DEFAULT_PREFERRED_ADDRESS_TYPES): { host: string; port: number } {
  const status = (node.status ?? {}) as NodeStatusLike;
  const addresses = status.addresses ?? [];
  for (const type of preferred) {
    const a = addresses.find((x) => x.type === type && x.address);
    if (a) return { host: a.address!, port: status.daemonEndpoints?.kubeletEndpoint?.Port || 10250 };
  }
  const known = addresses.map((a) => `{${a.type} ${a.address}}`).join(" ");
  throw new ApiError(500, "InternalError", `Internal error occurred: no preferred addresses found; known addresses: [${known}]`);
}
