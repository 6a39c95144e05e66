/**
 * What the kubelet prepares for a pod before the runtime runs it (upstream's
 * volume manager, makeEnvironmentVariables, makeMounts and the sandbox
 * config): volumes on the node's HostFilesystem, /etc/hosts, a termination
 * log per container, the environment, the DNS config, the hostname and
 * the log paths. Runtime-independent: it writes host files and fills CRI
 * configs.
 */
import { randomBytes } from "node:crypto";
import type { ConfigMap, Container as ContainerSpec, Secret, Service } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import { CONFIGMAPS, SECRETS } from "../../client/resources.js";
import type { KubeObject } from "../../api/types.js";
import type { HostFilesystem } from "../runtime/host-filesystem.js";
import type { Mount, PodSandboxConfig, PortMapping } from "../runtime/runtime.js";
import { ObjectWatcher } from "../volumes/object-watcher.js";
import { TokenManager } from "../volumes/token-manager.js";
import { podDir, VolumeManager, type VolumeSetUp } from "../volumes/volume-manager.js";
import type { Client } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";
import type { PodRuntimeFacts } from "./downward-api.js";
import { podDNSConfig, type DnsSettings } from "./dns-config.js";
import { ContainerConfigError, expandCommand, makeEnvironment } from "./env.js";
import { expand, mappingFor } from "./env-expansion.js";
import { managedHostsFile, sandboxHostname } from "./hosts-file.js";

export interface PodPreparationOptions {
  fs: HostFilesystem;
  volumes: VolumeManager;
  objects: ObjectWatcher;
  dns: DnsSettings;
  hostIP: string;
  nodeAllocatable: Record<string, string>;
  /** Every Service, from the kubelet's informer; undefined until it has listed. */
  services(): readonly Service[] | undefined;
}

/** What a container gets beyond its spec's image, command and labels. */
export interface PreparedContainer {
  envs: { key: string; value: string }[];
  mounts: Mount[];
  command?: string[];
  args?: string[];
  workingDir?: string;
  logPath: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
}

export const logDirectory = (pod: Pod) => `/var/log/pods/${pod.metadata?.namespace}_${pod.metadata?.name}_${pod.metadata?.uid}`;
const etcHostsPath = (uid: string) => `${podDir(uid)}/etc-hosts`;

export class PodPreparation {
  constructor(private readonly opts: PodPreparationOptions) {}

  facts(pod: Pod, podIP?: string): PodRuntimeFacts {
    const ip = pod.spec?.hostNetwork ? this.opts.hostIP : (podIP ?? pod.status?.podIP);
    return { hostIPs: [this.opts.hostIP], podIPs: ip ? [ip] : [], nodeAllocatable: this.opts.nodeAllocatable };
  }

  /** Sets up (or refreshes) every volume of the pod. */
  setUpVolumes(pod: Pod): Promise<VolumeSetUp> {
    return this.opts.volumes.setUp(pod, this.facts(pod));
  }

  /** The sandbox fields the kubelet derives from the pod: hostname, DNS, log directory, port mappings. */
  sandboxConfig(pod: Pod): Pick<PodSandboxConfig, "hostname" | "dnsConfig" | "logDirectory" | "portMappings"> {
    const portMappings = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].flatMap((c) =>
      (c.ports ?? []).map(
        (p): PortMapping => ({ containerPort: p.containerPort, protocol: (p.protocol ?? "TCP") as PortMapping["protocol"], containerName: c.name, ...(p.hostPort ? { hostPort: p.hostPort } : {}), ...(p.hostIP ? { hostIp: p.hostIP } : {}) }),
      ),
    );
    return { hostname: sandboxHostname(pod, this.opts.dns.clusterDomain), dnsConfig: podDNSConfig(pod, this.opts.dns), logDirectory: logDirectory(pod), portMappings };
  }

  /** Env, mounts and paths of one container instance; throws ContainerConfigError when it cannot be configured. */
  async container(pod: Pod, spec: ContainerSpec, attempt: number, podIP: string | undefined, volumes: VolumeSetUp): Promise<PreparedContainer> {
    const uid = pod.metadata!.uid!;
    const envs = await makeEnvironment(pod, spec, {
      facts: this.facts(pod, podIP),
      services: () => this.opts.services(),
      configMap: (ns, name) => this.opts.objects.get<ConfigMap & KubeObject>(CONFIGMAPS, ns, name, uid),
      secret: (ns, name) => this.opts.objects.get<Secret & KubeObject>(SECRETS, ns, name, uid),
    });
    return {
      envs,
      mounts: this.mounts(pod, spec, podIP, volumes, envs),
      command: expandCommand(spec.command, envs),
      args: expandCommand(spec.args, envs),
      workingDir: spec.workingDir,
      logPath: `${spec.name}/${attempt}.log`,
      stdin: spec.stdin,
      stdinOnce: spec.stdinOnce,
      tty: spec.tty,
    };
  }

  /** Removes everything prepared for the pod. */
  tearDown(uid: string): void {
    this.opts.volumes.tearDown(uid);
  }

  private mounts(pod: Pod, spec: ContainerSpec, podIP: string | undefined, volumes: VolumeSetUp, envs: { key: string; value: string }[]): Mount[] {
    const uid = pod.metadata!.uid!;
    const fs = this.opts.fs;
    const mounts: Mount[] = [];
    const env = mappingFor(new Map(envs.map((e) => [e.key, e.value])));
    for (const m of spec.volumeMounts ?? []) {
      const v = volumes.volumes.get(m.name);
      if (!v) {
        if ((pod.spec?.volumes ?? []).some((pv) => pv.name === m.name && (pv.persistentVolumeClaim || pv.csi || pv.ephemeral))) continue;
        throw new ContainerConfigError(`cannot find volume "${m.name}" to mount into container "${spec.name}"`);
      }
      const sub = m.subPathExpr ? expand(m.subPathExpr, env) : m.subPath;
      if (sub && (sub.startsWith("/") || sub.split("/").includes(".."))) throw new ContainerConfigError(`failed to prepare subPath for volumeMount "${m.name}" of container "${spec.name}"`);
      const hostPath = sub ? `${v.hostPath}/${sub}` : v.hostPath;
      // A subPath that does not exist yet is created as a directory, as upstream does.
      if (sub && !fs.lstat(hostPath)) fs.mkdir(hostPath, 0o755);
      mounts.push({ containerPath: m.mountPath, hostPath, readonly: (m.readOnly ?? false) || v.readOnly });
    }
    const ip = pod.spec?.hostNetwork ? undefined : (podIP ?? pod.status?.podIP);
    if (ip && !mounts.some((m) => m.containerPath === "/etc/hosts")) {
      fs.writeFile(etcHostsPath(uid), managedHostsFile(pod, [ip], this.opts.dns.clusterDomain), 0o644);
      mounts.push({ containerPath: "/etc/hosts", hostPath: etcHostsPath(uid), readonly: false });
    }
    const terminationPath = spec.terminationMessagePath || "/dev/termination-log";
    const log = `${podDir(uid)}/containers/${spec.name}/${randomBytes(4).toString("hex")}`;
    fs.writeFile(log, "", 0o666);
    mounts.push({ containerPath: terminationPath, hostPath: log, readonly: false });
    return mounts;
  }
}

/** A kubelet's preparation: its volume manager, token manager and the watches of referenced ConfigMaps and Secrets. */
export function createPodPreparation(o: {
  client: Client;
  clock: Clock;
  fs: HostFilesystem;
  dns: DnsSettings;
  hostIP: string;
  nodeAllocatable: Record<string, string>;
  services(): readonly Service[] | undefined;
  /** Pods (uids) to sync again because something they refer to changed. */
  onReferenceChange(uids: ReadonlySet<string>): void;
}): { preparation: PodPreparation; close(): void } {
  const objects = new ObjectWatcher({ client: o.client, clock: o.clock, onChange: o.onReferenceChange });
  const volumes = new VolumeManager({ fs: o.fs, objects, tokens: new TokenManager(o.client), now: () => o.clock.now() });
  const preparation = new PodPreparation({ fs: o.fs, volumes, objects, dns: o.dns, hostIP: o.hostIP, nodeAllocatable: o.nodeAllocatable, services: o.services });
  return { preparation, close: () => objects.close() };
}
