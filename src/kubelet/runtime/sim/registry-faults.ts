/**
 * Registries that refuse a node's pulls (S11, S4b): the credentials are
 * wrong or missing (401 from the token endpoint), or the registry cannot
 * be reached (egress dropped). PullImage then fails with containerd's
 * words for it, which the kubelet passes on to the pod's events.
 */
import { RuntimeError } from "../runtime.js";

export type RegistryFaultReason = "Unauthorized" | "Unreachable";

export interface RegistryFault {
  /** The registry's host ("registry.example", "docker.io"); absent: every registry. */
  host?: string;
  reason: RegistryFaultReason;
}

/** An image reference's registry host, repository and tag, as containerd normalises them. */
export function parseImageRef(image: string): { host: string; repository: string; tag: string; ref: string } {
  const noDigest = image.split("@")[0];
  const parts = noDigest.split("/");
  const hasHost = parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost");
  const host = hasHost ? parts[0] : "docker.io";
  let rest = hasHost ? parts.slice(1).join("/") : noDigest;
  if (!hasHost && !rest.includes("/")) rest = `library/${rest}`;
  const colon = rest.lastIndexOf(":");
  const repository = colon > 0 ? rest.slice(0, colon) : rest;
  const tag = colon > 0 ? rest.slice(colon + 1) : "latest";
  return { host, repository, tag, ref: `${host}/${repository}:${tag}` };
}

/** The failure a pull of image meets under faults, if any. */
export function registryFailure(image: string, faults: readonly RegistryFault[] | undefined): RuntimeError | undefined {
  if (!faults?.length) return undefined;
  const { host, repository, tag, ref } = parseImageRef(image);
  const fault = faults.find((f) => !f.host || f.host === host);
  if (!fault) return undefined;
  const endpoint = host === "docker.io" ? "registry-1.docker.io" : host;
  const cause =
    fault.reason === "Unauthorized"
      ? `failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://${endpoint}/token?scope=repository%3A${encodeURIComponent(repository)}%3Apull&service=${endpoint}: 401 Unauthorized`
      : `failed to do request: Head "https://${endpoint}/v2/${repository}/manifests/${tag}": dial tcp ${endpoint}:443: i/o timeout`;
  return new RuntimeError("Unknown", `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${cause}`);
}
