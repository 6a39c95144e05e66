/**
 * Sets up a pod's volumes on the node's HostFilesystem (upstream's volume
 * manager and the configMap, secret, downwardAPI, projected, emptyDir and
 * hostPath plugins) under /var/lib/kubelet/pods/<uid>/volumes/kubernetes.io~<plugin>/<name>.
 * Called on every pod sync: content volumes are rewritten through the
 * atomic writer only when their payload changed (a ConfigMap edit, a label
 * change, a token due for refresh), so a sync is also the resync.
 *
 * Volume types without a plugin here (persistentVolumeClaim, csi, ...) are
 * not mounted.
 */
import type { ConfigMap, Secret, Volume } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import { CONFIGMAPS, SECRETS } from "../../client/resources.js";
import type { KubeObject } from "../../api/types.js";
import type { HostFilesystem } from "../runtime/host-filesystem.js";
import type { PodRuntimeFacts } from "../pod/downward-api.js";
import { writeAtomically, type Payload } from "./atomic-writer.js";
import type { ObjectWatcher } from "./object-watcher.js";
import type { TokenManager } from "./token-manager.js";
import { configMapPayload, DEFAULT_MODE, downwardAPIPayload, secretPayload } from "./volume-payloads.js";

export const podDir = (uid: string) => `/var/lib/kubelet/pods/${uid}`;

/** Where a volume lives on the host and whether containers see it read-only. */
export interface VolumeMountPoint {
  hostPath: string;
  readOnly: boolean;
}

export interface VolumeSetUp {
  volumes: Map<string, VolumeMountPoint>;
  /** Volumes that could not be set up, with upstream's FailedMount message: the pod waits for them. */
  errors: string[];
  /** Volumes set up before whose refresh failed: they keep their last content and the pod runs on. */
  refreshErrors: string[];
  /** When a projected token must be refreshed. */
  refreshAt?: number;
}

const PLUGIN_DIRS: Record<string, string> = {
  configMap: "kubernetes.io~configmap",
  secret: "kubernetes.io~secret",
  downwardAPI: "kubernetes.io~downward-api",
  projected: "kubernetes.io~projected",
  emptyDir: "kubernetes.io~empty-dir",
};

export interface VolumeManagerOptions {
  fs: HostFilesystem;
  objects: ObjectWatcher;
  tokens: TokenManager;
  now(): number;
}

export class VolumeManager {
  constructor(private readonly opts: VolumeManagerOptions) {}

  async setUp(pod: Pod, facts: PodRuntimeFacts): Promise<VolumeSetUp> {
    const out: VolumeSetUp = { volumes: new Map(), errors: [], refreshErrors: [] };
    const uid = pod.metadata!.uid!;
    for (const v of pod.spec?.volumes ?? []) {
      const plugin = Object.keys(PLUGIN_DIRS).find((k) => (v as unknown as Record<string, unknown>)[k] !== undefined);
      const dir = plugin ? `${podDir(uid)}/volumes/${PLUGIN_DIRS[plugin]}/${v.name}` : "";
      try {
        if (v.hostPath) {
          out.volumes.set(v.name, { hostPath: this.hostPath(v.hostPath.path, v.hostPath.type ?? ""), readOnly: false });
          continue;
        }
        if (!plugin) continue;
        if (plugin === "emptyDir") {
          this.opts.fs.mkdir(dir, 0o777);
          out.volumes.set(v.name, { hostPath: dir, readOnly: false });
          continue;
        }
        const payload = await this.payload(pod, facts, v, out);
        if (!payload) continue;
        writeAtomically(this.opts.fs, dir, payload, this.opts.now());
        out.volumes.set(v.name, { hostPath: dir, readOnly: true });
      } catch (err) {
        const message = `MountVolume.SetUp failed for volume "${v.name}" : ${(err as Error).message}`;
        if (dir && this.opts.fs.lstat(`${dir}/..data`)) {
          out.volumes.set(v.name, { hostPath: dir, readOnly: true });
          out.refreshErrors.push(message);
        } else out.errors.push(message);
      }
    }
    return out;
  }

  /** Removes the pod's directory and lets go of what it referred to. */
  tearDown(uid: string): void {
    this.opts.fs.remove(podDir(uid));
    this.opts.objects.release(uid);
    this.opts.tokens.forget(uid);
  }

  private hostPath(path: string, type: string): string {
    const info = this.opts.fs.lstat(path);
    const fail = (what: string) => {
      throw new Error(`hostPath type check failed: ${path} is not a ${what}`);
    };
    if (type === "DirectoryOrCreate" && !info) this.opts.fs.mkdir(path, 0o755);
    else if (type === "FileOrCreate" && !info) this.opts.fs.writeFile(path, "", 0o644);
    else if (type === "Directory" && info?.type !== "dir") fail("directory");
    else if (type === "File" && info?.type !== "file") fail("file");
    return path;
  }

  private configMap(pod: Pod, name: string) {
    return this.opts.objects.get<ConfigMap & KubeObject>(CONFIGMAPS, pod.metadata!.namespace!, name, pod.metadata!.uid!);
  }

  private secret(pod: Pod, name: string) {
    return this.opts.objects.get<Secret & KubeObject>(SECRETS, pod.metadata!.namespace!, name, pod.metadata!.uid!);
  }

  /** The volume's files; undefined for an optional source that does not exist (nothing to mount). */
  private async payload(pod: Pod, facts: PodRuntimeFacts, v: Volume, out: VolumeSetUp): Promise<Payload | undefined> {
    if (v.configMap) {
      const name = v.configMap.name ?? "";
      const cm = await this.configMap(pod, name);
      if (!cm) {
        if (v.configMap.optional) return new Map();
        throw new Error(`configmap "${name}" not found`);
      }
      return configMapPayload(cm, v.configMap.items, v.configMap.defaultMode ?? DEFAULT_MODE, v.configMap.optional ?? false);
    }
    if (v.secret) {
      const name = v.secret.secretName ?? "";
      const s = await this.secret(pod, name);
      if (!s) {
        if (v.secret.optional) return new Map();
        throw new Error(`secret "${name}" not found`);
      }
      return secretPayload(s, v.secret.items, v.secret.defaultMode ?? DEFAULT_MODE, v.secret.optional ?? false);
    }
    if (v.downwardAPI) return downwardAPIPayload(pod, facts, v.downwardAPI.items, v.downwardAPI.defaultMode ?? DEFAULT_MODE);
    if (v.projected) return this.projected(pod, facts, v.projected, out);
    return undefined;
  }

  private async projected(pod: Pod, facts: PodRuntimeFacts, p: NonNullable<Volume["projected"]>, out: VolumeSetUp): Promise<Payload> {
    const payload: Payload = new Map();
    const mode = p.defaultMode ?? DEFAULT_MODE;
    for (const s of p.sources ?? []) {
      if (s.configMap) {
        const name = s.configMap.name ?? "";
        const cm = await this.configMap(pod, name);
        if (!cm) {
          if (s.configMap.optional) continue;
          throw new Error(`configmap "${name}" not found`);
        }
        configMapPayload(cm, s.configMap.items, mode, s.configMap.optional ?? false, payload);
      } else if (s.secret) {
        const name = s.secret.name ?? "";
        const sec = await this.secret(pod, name);
        if (!sec) {
          if (s.secret.optional) continue;
          throw new Error(`secret "${name}" not found`);
        }
        secretPayload(sec, s.secret.items, mode, s.secret.optional ?? false, payload);
      } else if (s.downwardAPI) downwardAPIPayload(pod, facts, s.downwardAPI.items, mode, payload);
      else if (s.serviceAccountToken) {
        const t = s.serviceAccountToken;
        let token;
        try {
          token = await this.opts.tokens.token(pod, t.audience, t.expirationSeconds ?? 3600, this.opts.now());
        } catch (err) {
          throw new Error(`failed to fetch token: ${(err as Error).message}`);
        }
        out.refreshAt = Math.min(out.refreshAt ?? Infinity, token.refreshAt);
        payload.set(t.path, { data: Buffer.from(token.token), mode });
      }
    }
    return payload;
  }
}
