/**
 * The checks of the Pod Security Standards, as upstream's
 * pod-security-admission policy package at Kubernetes 1.35: each names a level, and versions
 * from which its rule applies (a later version may exempt Windows pods or
 * allow more); a restricted check may override a baseline one. Results
 * carry upstream's reason and detail, which users meet in messages.
 */
import type { Container, PodSpec } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { Level } from "./policy.js";

export interface CheckResult {
  reason: string;
  detail: string;
}
/** undefined: allowed. */
type CheckFn = (meta: ObjectMeta, spec: PodSpec) => CheckResult | undefined;
interface VersionedCheck {
  minimumMinor: number;
  check: CheckFn;
  overrides?: string[];
}
export interface Check {
  id: string;
  level: Exclude<Level, "privileged">;
  versions: VersionedCheck[];
}

const joinQuote = (items: string[]) => (items.length ? `"${items.join('", "')}"` : "");
const plural = (one: string, many: string, n: number) => (n === 1 ? one : many);
const containersPhrase = (names: string[]) => `${plural("container", "containers", names.length)} ${joinQuote(names)}`;
/** Go's sort.Strings order (bytewise), as upstream sorts sets. */
const sorted = (s: Iterable<string>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Init containers, containers, then ephemeral containers, as upstream's visitContainers. */
function containers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...((spec.ephemeralContainers ?? []) as Container[])];
}

const isWindows = (spec: PodSpec) => spec.os?.name === "windows";
/** From v1.25 restricted checks about Linux features do not apply to Windows pods. */
const exceptWindows = (fn: CheckFn): CheckFn => (meta, spec) => (isWindows(spec) ? undefined : fn(meta, spec));

/** A pod in its own user namespace (hostUsers: false): from v1.35 some checks relax for it. */
const inUserNamespace = (spec: PodSpec) => (spec as { hostUsers?: boolean }).hostUsers === false;
const unlessUserNamespace = (fn: CheckFn): CheckFn => (meta, spec) => (inUserNamespace(spec) ? undefined : fn(meta, spec));

/** "pod and containers "a"" style setters for pod- and container-level fields. */
function setters(pod: boolean, names: string[]): string[] {
  const out = pod ? ["pod"] : [];
  if (names.length) out.push(containersPhrase(names));
  return out;
}

// --- baseline ---

const APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const allowedAppArmorAnnotation = (v: string) => v === "" || v === "runtime/default" || v.startsWith("localhost/");
const allowedAppArmorType = (t: string | undefined) => t === "RuntimeDefault" || t === "Localhost";
/** The appArmorProfile fields (pod and containers) and the deprecated annotations. */
const appArmorProfile: CheckFn = (meta, spec) => {
  const badValues = new Set<string>();
  const podProfile = (spec.securityContext as { appArmorProfile?: { type?: string } } | undefined)?.appArmorProfile;
  const podBad = !!podProfile && !allowedAppArmorType(podProfile.type);
  if (podBad) badValues.add(podProfile!.type ?? "");
  const bad: string[] = [];
  for (const c of containers(spec)) {
    const profile = (c.securityContext as { appArmorProfile?: { type?: string } } | undefined)?.appArmorProfile;
    if (!profile || allowedAppArmorType(profile.type)) continue;
    bad.push(c.name);
    badValues.add(profile.type ?? "");
  }
  const who = setters(podBad, bad);
  const annotations = Object.entries((meta.annotations ?? {}) as Record<string, string>)
    .filter(([k, v]) => k.startsWith(APPARMOR_PREFIX) && !allowedAppArmorAnnotation(v))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  const values = sorted(badValues);
  if (annotations.length) {
    values.push(...sorted(annotations));
    who.push(plural("annotation", "annotations", annotations.length));
  }
  if (!who.length) return undefined;
  return { reason: plural("forbidden AppArmor profile", "forbidden AppArmor profiles", values.length), detail: `${who.join(" and ")} must not set AppArmor profile type to ${joinQuote(values)}` };
};

const BASELINE_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
const capabilitiesBaseline: CheckFn = (_m, spec) => {
  const bad: string[] = [];
  const caps = new Set<string>();
  for (const c of containers(spec)) {
    const added = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    if (!added.length) continue;
    bad.push(c.name);
    for (const cap of added) caps.add(cap);
  }
  if (!bad.length) return undefined;
  return { reason: "non-default capabilities", detail: `${containersPhrase(bad)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add` };
};

const hostNamespaces: CheckFn = (_m, spec) => {
  const used = [spec.hostNetwork && "hostNetwork=true", spec.hostPID && "hostPID=true", spec.hostIPC && "hostIPC=true"].filter((x): x is string => !!x);
  return used.length ? { reason: "host namespaces", detail: used.join(", ") } : undefined;
};

const hostPathVolumes: CheckFn = (_m, spec) => {
  const names = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
  return names.length ? { reason: "hostPath volumes", detail: `${plural("volume", "volumes", names.length)} ${joinQuote(names)}` } : undefined;
};

const hostPorts: CheckFn = (_m, spec) => {
  const bad: string[] = [];
  const ports = new Set<string>();
  for (const c of containers(spec)) {
    const used = (c.ports ?? []).filter((p) => p.hostPort);
    if (!used.length) continue;
    bad.push(c.name);
    for (const p of used) ports.add(String(p.hostPort));
  }
  if (!bad.length) return undefined;
  const n = bad.length;
  return { reason: "hostPort", detail: `${containersPhrase(bad)} ${plural("uses", "use", n)} ${plural("hostPort", "hostPorts", ports.size)} ${sorted(ports).join(", ")}` };
};

/** The hosts named by a probe's or lifecycle handler's httpGet and tcpSocket. */
function handlerHosts(h: { httpGet?: { host?: string }; tcpSocket?: { host?: string } } | undefined): string[] {
  return [h?.httpGet?.host, h?.tcpSocket?.host].filter((x): x is string => !!x);
}
const hostProbesAndHostLifecycle: CheckFn = (_m, spec) => {
  const bad = new Set<string>();
  const hosts = new Set<string>();
  for (const c of containers(spec)) {
    const found = [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop].flatMap((h) => handlerHosts(h));
    if (!found.length) continue;
    bad.add(c.name);
    for (const h of found) hosts.add(h);
  }
  if (!bad.size) return undefined;
  const n = bad.size;
  return {
    reason: "probe or lifecycle host",
    detail: `${plural("container", "containers", n)} ${joinQuote(sorted(bad))} ${plural("uses", "use", n)} ${plural("probe or lifecycle host", "probe or lifecycle hosts", hosts.size)} ${joinQuote(sorted(hosts))}`,
  };
};

const privileged: CheckFn = (_m, spec) => {
  const bad = containers(spec).filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  return bad.length ? { reason: "privileged", detail: `${containersPhrase(bad)} must not set securityContext.privileged=true` } : undefined;
};

const procMount: CheckFn = (_m, spec) => {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const c of containers(spec)) {
    const t = c.securityContext?.procMount;
    if (t === undefined || t === null || t === "Default") continue;
    bad.push(c.name);
    types.add(t);
  }
  return bad.length ? { reason: "procMount", detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sorted(types))}` } : undefined;
};

const SELINUX_TYPES_1_0 = ["", "container_t", "container_init_t", "container_kvm_t"];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, "container_engine_t"];
const seLinuxOptions = (allowed: string[]): CheckFn => (_m, spec) => {
  const SELINUX_TYPES = new Set(allowed);
  const badTypes = new Set<string>();
  let setUser = false;
  let setRole = false;
  const valid = (o: { type?: string; user?: string; role?: string }) => {
    let ok = true;
    if (!SELINUX_TYPES.has(o.type ?? "")) {
      ok = false;
      badTypes.add(o.type ?? "");
    }
    if (o.user) {
      ok = false;
      setUser = true;
    }
    if (o.role) {
      ok = false;
      setRole = true;
    }
    return ok;
  };
  const podOpts = spec.securityContext?.seLinuxOptions;
  const podBad = !!podOpts && !valid(podOpts);
  const bad = containers(spec).filter((c) => c.securityContext?.seLinuxOptions && !valid(c.securityContext.seLinuxOptions)).map((c) => c.name);
  const who = setters(podBad, bad);
  if (!who.length) return undefined;
  const data: string[] = [];
  if (badTypes.size) data.push(`${plural("type", "types", badTypes.size)} ${joinQuote(sorted(badTypes))}`);
  if (setUser) data.push("user may not be set");
  if (setRole) data.push("role may not be set");
  return { reason: "seLinuxOptions", detail: `${who.join(" and ")} set forbidden securityContext.seLinuxOptions: ${data.join("; ")}` };
};

const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";
const validSeccompAnnotation = (v: string) => v === "runtime/default" || v === "docker/default" || v.startsWith("localhost/");
const validSeccomp = (t: string | undefined) => t === "RuntimeDefault" || t === "Localhost";

/** Before v1.19 seccomp was set by annotations. */
const seccompBaselineAnnotations: CheckFn = (meta, spec) => {
  const annotations = meta.annotations ?? {};
  const bad = new Set<string>();
  const look = (key: string) => {
    const v = annotations[key];
    if (v !== undefined && !validSeccompAnnotation(v)) bad.add(`${key}=${JSON.stringify(v)}`);
  };
  look(SECCOMP_POD_ANNOTATION);
  for (const c of containers(spec)) look(SECCOMP_CONTAINER_PREFIX + c.name);
  return bad.size ? { reason: "seccompProfile", detail: `forbidden ${plural("annotation", "annotations", bad.size)} ${sorted(bad).join(", ")}` } : undefined;
};

/** The seccomp check of both levels; restricted also requires a profile to be set. */
function seccompFields(required: boolean): CheckFn {
  return (_m, spec) => {
    const badValues = new Set<string>();
    let podSet = false;
    let podBad = false;
    const podProfile = spec.securityContext?.seccompProfile;
    if (podProfile) {
      if (validSeccomp(podProfile.type)) podSet = true;
      else {
        podBad = true;
        badValues.add(podProfile.type ?? "");
      }
    }
    const explicit: string[] = [];
    const implicit: string[] = [];
    for (const c of containers(spec)) {
      const profile = c.securityContext?.seccompProfile;
      if (profile) {
        if (!validSeccomp(profile.type)) {
          explicit.push(c.name);
          badValues.add(profile.type ?? "");
        }
      } else if (!podSet) implicit.push(c.name);
    }
    const who = setters(podBad, explicit);
    if (who.length) return { reason: "seccompProfile", detail: `${who.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(badValues))}` };
    if (required && implicit.length) return { reason: "seccompProfile", detail: `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` };
    return undefined;
  };
}

const SAFE_SYSCTLS_1_0 = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"];
const SAFE_SYSCTLS_1_27 = [...SAFE_SYSCTLS_1_0, "net.ipv4.ip_local_reserved_ports"];
const SAFE_SYSCTLS_1_29 = [...SAFE_SYSCTLS_1_27, "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"];
const SAFE_SYSCTLS_1_32 = [...SAFE_SYSCTLS_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
function sysctls(allowed: string[]): CheckFn {
  const safe = new Set(allowed);
  return (_m, spec) => {
    const bad = (spec.securityContext?.sysctls ?? []).filter((s) => !safe.has(s.name)).map((s) => s.name);
    return bad.length ? { reason: "forbidden sysctls", detail: bad.join(", ") } : undefined;
  };
}

const windowsHostProcess: CheckFn = (_m, spec) => {
  const bad = containers(spec).filter((c) => c.securityContext?.windowsOptions?.hostProcess === true).map((c) => c.name);
  const who = setters(spec.securityContext?.windowsOptions?.hostProcess === true, bad);
  return who.length ? { reason: "hostProcess", detail: `${who.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true` } : undefined;
};

// --- restricted ---

const allowPrivilegeEscalation: CheckFn = (_m, spec) => {
  const bad = containers(spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
  return bad.length ? { reason: "allowPrivilegeEscalation != false", detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false` } : undefined;
};

const capabilitiesRestricted: CheckFn = (_m, spec) => {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps = new Set<string>();
  for (const c of containers(spec)) {
    const capabilities = c.securityContext?.capabilities;
    if (!capabilities) {
      missingDrop.push(c.name);
      continue;
    }
    if (!(capabilities.drop ?? []).includes("ALL")) missingDrop.push(c.name);
    const added = (capabilities.add ?? []).filter((cap) => cap !== "NET_BIND_SERVICE");
    if (added.length) {
      adding.push(c.name);
      for (const cap of added) caps.add(cap);
    }
  }
  const details: string[] = [];
  if (missingDrop.length) details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length) details.push(`${containersPhrase(adding)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add`);
  return details.length ? { reason: "unrestricted capabilities", detail: details.join("; ") } : undefined;
};

const ALLOWED_VOLUME_SOURCES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"];
/** Volume sources restricted pods may not use, in upstream's order of naming them. */
const RESTRICTED_VOLUME_SOURCES = ["hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos"];
const restrictedVolumes: CheckFn = (_m, spec) => {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const v of spec.volumes ?? []) {
    const source = v as unknown as Record<string, unknown>;
    const present = (k: string) => source[k] !== undefined && source[k] !== null;
    if (ALLOWED_VOLUME_SOURCES.some(present)) continue;
    bad.push(v.name);
    types.add(RESTRICTED_VOLUME_SOURCES.find(present) ?? "unknown");
  }
  if (!bad.length) return undefined;
  const n = bad.length;
  return {
    reason: "restricted volume types",
    detail: `${plural("volume", "volumes", n)} ${joinQuote(bad)} ${plural("uses", "use", n)} ${plural("restricted volume type", "restricted volume types", types.size)} ${joinQuote(sorted(types))}`,
  };
};

const runAsNonRoot: CheckFn = (_m, spec) => {
  const badSetters: string[] = [];
  let podNonRoot = false;
  const podValue = spec.securityContext?.runAsNonRoot;
  if (podValue === false) badSetters.push("pod");
  else if (podValue === true) podNonRoot = true;
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containers(spec)) {
    const v = c.securityContext?.runAsNonRoot;
    if (v === false) explicit.push(c.name);
    else if (v === undefined || v === null) {
      if (!podNonRoot) implicit.push(c.name);
    }
  }
  if (explicit.length) badSetters.push(containersPhrase(explicit));
  if (badSetters.length) return { reason: "runAsNonRoot != true", detail: `${badSetters.join(" and ")} must not set securityContext.runAsNonRoot=false` };
  if (implicit.length) return { reason: "runAsNonRoot != true", detail: `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true` };
  return undefined;
};

const runAsUser: CheckFn = (_m, spec) => {
  const bad = containers(spec).filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
  const who = setters(spec.securityContext?.runAsUser === 0, bad);
  return who.length ? { reason: "runAsUser=0", detail: `${who.join(" and ")} must not set runAsUser=0` } : undefined;
};

/**
 * Every check, as upstream registers them (Kubernetes 1.35): baseline
 * checks, then restricted ones, each group in upstream's ID order.
 */
export const CHECKS: Check[] = [
  { id: "appArmorProfile", level: "baseline", versions: [{ minimumMinor: 0, check: appArmorProfile }] },
  { id: "capabilities_baseline", level: "baseline", versions: [{ minimumMinor: 0, check: capabilitiesBaseline }] },
  { id: "hostNamespaces", level: "baseline", versions: [{ minimumMinor: 0, check: hostNamespaces }] },
  { id: "hostPathVolumes", level: "baseline", versions: [{ minimumMinor: 0, check: hostPathVolumes }] },
  { id: "hostPorts", level: "baseline", versions: [{ minimumMinor: 0, check: hostPorts }] },
  { id: "hostProbesAndHostLifecycle", level: "baseline", versions: [{ minimumMinor: 34, check: hostProbesAndHostLifecycle }] },
  { id: "privileged", level: "baseline", versions: [{ minimumMinor: 0, check: privileged }] },
  { id: "procMount", level: "baseline", versions: [{ minimumMinor: 0, check: procMount }, { minimumMinor: 35, check: unlessUserNamespace(procMount) }] },
  { id: "seLinuxOptions", level: "baseline", versions: [{ minimumMinor: 0, check: seLinuxOptions(SELINUX_TYPES_1_0) }, { minimumMinor: 31, check: seLinuxOptions(SELINUX_TYPES_1_31) }] },
  { id: "seccompProfile_baseline", level: "baseline", versions: [{ minimumMinor: 0, check: seccompBaselineAnnotations }, { minimumMinor: 19, check: seccompFields(false) }] },
  {
    id: "sysctls",
    level: "baseline",
    versions: [
      { minimumMinor: 0, check: sysctls(SAFE_SYSCTLS_1_0) },
      { minimumMinor: 27, check: sysctls(SAFE_SYSCTLS_1_27) },
      { minimumMinor: 29, check: sysctls(SAFE_SYSCTLS_1_29) },
      { minimumMinor: 32, check: sysctls(SAFE_SYSCTLS_1_32) },
    ],
  },
  { id: "windowsHostProcess", level: "baseline", versions: [{ minimumMinor: 0, check: windowsHostProcess }] },
  { id: "allowPrivilegeEscalation", level: "restricted", versions: [{ minimumMinor: 8, check: allowPrivilegeEscalation }, { minimumMinor: 25, check: exceptWindows(allowPrivilegeEscalation) }] },
  {
    id: "capabilities_restricted",
    level: "restricted",
    versions: [
      { minimumMinor: 22, check: capabilitiesRestricted, overrides: ["capabilities_baseline"] },
      { minimumMinor: 25, check: exceptWindows(capabilitiesRestricted), overrides: ["capabilities_baseline"] },
    ],
  },
  // Restricted keeps /proc masked even for pods in a user namespace.
  { id: "procMount_restricted", level: "restricted", versions: [{ minimumMinor: 35, check: procMount, overrides: ["procMount"] }] },
  { id: "restrictedVolumes", level: "restricted", versions: [{ minimumMinor: 0, check: restrictedVolumes, overrides: ["hostPathVolumes"] }] },
  { id: "runAsNonRoot", level: "restricted", versions: [{ minimumMinor: 0, check: runAsNonRoot }, { minimumMinor: 35, check: unlessUserNamespace(runAsNonRoot) }] },
  { id: "runAsUser", level: "restricted", versions: [{ minimumMinor: 23, check: runAsUser }, { minimumMinor: 35, check: unlessUserNamespace(runAsUser) }] },
  {
    id: "seccompProfile_restricted",
    level: "restricted",
    versions: [
      { minimumMinor: 19, check: seccompFields(true), overrides: ["seccompProfile_baseline"] },
      { minimumMinor: 25, check: exceptWindows(seccompFields(true)), overrides: ["seccompProfile_baseline"] },
    ],
  },
];
