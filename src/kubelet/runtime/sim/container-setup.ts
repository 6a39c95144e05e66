/**
 * What containerd prepares around a container, in the node's
 * HostFilesystem: the sandbox's hostname, resolv.conf and hosts files
 * (mounted into every container of the pod unless the kubelet mounts its
 * own), the container's environment and its log path.
 */
import type { HostFilesystem } from "../host-filesystem.js";
import type { ContainerConfig, Mount, PodSandboxConfig } from "../runtime.js";
import { IMAGE_ENV } from "./image-root.js";

const SANDBOXES = "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes";
const CONTAINERS = "/var/lib/containerd/io.containerd.grpc.v1.cri/containers";

/** The host's resolv.conf, which a sandbox without DNS config (hostNetwork) copies. */
const HOST_RESOLV_CONF = "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n";

export const sandboxDir = (id: string) => `${SANDBOXES}/${id}`;
/** The container's writable layer. */
export const containerRootDir = (id: string) => `${CONTAINERS}/${id}/rootfs`;

/** resolv.conf as containerd writes it from CRI's DNSConfig. */
export function resolvConf(dns: PodSandboxConfig["dnsConfig"]): string {
  if (!dns) return HOST_RESOLV_CONF;
  let out = "";
  if (dns.searches.length) out += `search ${dns.searches.join(" ")}\n`;
  for (const s of dns.servers) out += `nameserver ${s}\n`;
  if (dns.options.length) out += `options ${dns.options.join(" ")}\n`;
  return out;
}

export function sandboxHostname(config: PodSandboxConfig): string {
  return config.hostname || config.metadata.name;
}

export function writeSandboxFiles(fs: HostFilesystem, id: string, config: PodSandboxConfig): void {
  const dir = sandboxDir(id);
  const hostname = sandboxHostname(config);
  fs.writeFile(`${dir}/hostname`, `${hostname}\n`);
  fs.writeFile(`${dir}/resolv.conf`, resolvConf(config.dnsConfig));
  fs.writeFile(`${dir}/hosts`, `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${config.ip ? `${config.ip}\t${hostname}\n` : ""}`);
}

/** The kubelet's mounts, then the sandbox's files where the kubelet mounts none. */
export function containerMounts(sandboxId: string, config: ContainerConfig): Mount[] {
  const mounts = [...(config.mounts ?? [])];
  for (const f of ["hostname", "resolv.conf", "hosts"]) {
    if (!mounts.some((m) => m.containerPath === `/etc/${f}`)) mounts.push({ containerPath: `/etc/${f}`, hostPath: `${sandboxDir(sandboxId)}/${f}`, readonly: false });
  }
  return mounts;
}

/** containerd's order: HOSTNAME, the image's variables, the kubelet's; HOME when nothing set it. */
export function containerEnv(config: ContainerConfig, hostname: string): { key: string; value: string }[] {
  const env = new Map<string, string>([["HOSTNAME", hostname]]);
  for (const e of [...IMAGE_ENV, ...(config.envs ?? [])]) env.set(e.key, e.value);
  if (!env.has("HOME")) env.set("HOME", "/root");
  return [...env].map(([key, value]) => ({ key, value }));
}

/** <logDirectory>/<logPath>, or upstream's layout when the kubelet gave none. */
export function containerLogPath(sandbox: PodSandboxConfig, config: ContainerConfig): string {
  const m = sandbox.metadata;
  const dir = sandbox.logDirectory ?? `/var/log/pods/${m.namespace}_${m.name}_${m.uid}`;
  return `${dir}/${config.logPath ?? `${config.metadata.name}/${config.metadata.attempt}.log`}`;
}
