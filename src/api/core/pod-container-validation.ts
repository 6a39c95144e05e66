/**
 * Validation of containers, init containers and ephemeral containers, worded
 * as upstream's pkg/apis/core/validation: names, images, pull policies,
 * ports, environment, volume mounts, probes and resources.
 */
import type { Container, ContainerPort, EnvVar, EphemeralContainer, Probe, VolumeMount } from "kubernetes-types/core/v1.js";
import { fieldErrors, type FieldError, type FieldPath } from "../validation/field.js";
import { validateDNS1123Label } from "../validation/labels.js";
import { isQualifiedName } from "../validation/names.js";
import { validateResourceRequirements } from "./pod-resources-validation.js";
import { validateNonnegative } from "../validation/numbers.js";
import { portNameErrors, portNumErrors } from "../validation/ports.js";

type AnyContainer = Container | EphemeralContainer;

const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"];
const ENV_FIELD_PATHS = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"];
const CONVERTIBLE_FIELD_PATHS = [...ENV_FIELD_PATHS, "metadata.annotations", "metadata.labels", "spec.restartPolicy", "spec.schedulerName", "status.phase"];
const relaxedEnvNameRe = /^[ -<>-~]+$/;

function validatePorts(ports: ContainerPort[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const ip = path.index(i);
    if (p.name) {
      const msgs = portNameErrors(p.name);
      if (msgs.length) for (const m of msgs) errs.push(fieldErrors.invalid(ip.child("name"), p.name, m));
      else if (names.has(p.name)) errs.push(fieldErrors.duplicate(ip.child("name"), p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(fieldErrors.required(ip.child("containerPort")));
    else for (const m of portNumErrors(p.containerPort)) errs.push(fieldErrors.invalid(ip.child("containerPort"), p.containerPort, m));
    if (p.hostPort) for (const m of portNumErrors(p.hostPort)) errs.push(fieldErrors.invalid(ip.child("hostPort"), p.hostPort, m));
    if (!p.protocol) errs.push(fieldErrors.required(ip.child("protocol")));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldErrors.notSupported(ip.child("protocol"), p.protocol, PROTOCOLS));
  });
  return errs;
}

function validateFieldRef(fieldPath: string | undefined, apiVersion: string | undefined, path: FieldPath): FieldError[] {
  if (!apiVersion) return [fieldErrors.required(path.child("apiVersion"))];
  if (!fieldPath) return [fieldErrors.required(path.child("fieldPath"))];
  const m = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
  if (m) {
    const key = m[1] === "metadata.annotations" ? m[2].toLowerCase() : m[2];
    return isQualifiedName(key).map((msg) => fieldErrors.invalid(path.child("fieldPath"), key, msg));
  }
  if (!CONVERTIBLE_FIELD_PATHS.includes(fieldPath)) {
    return [fieldErrors.invalid(path.child("fieldPath"), fieldPath, `error converting fieldPath: field label not supported: ${fieldPath}`)];
  }
  if (!ENV_FIELD_PATHS.includes(fieldPath)) return [fieldErrors.notSupported(path.child("fieldPath"), fieldPath, ENV_FIELD_PATHS)];
  return [];
}

function validateEnv(env: EnvVar[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((e, i) => {
    const ip = path.index(i);
    if (!e.name) errs.push(fieldErrors.required(ip.child("name")));
    else if (!relaxedEnvNameRe.test(e.name)) {
      errs.push(fieldErrors.invalid(ip.child("name"), e.name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    }
    const from = e.valueFrom;
    if (!from) return;
    const vp = ip.child("valueFrom");
    const set = (["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef"] as const).filter((k) => (from as Record<string, unknown>)[k]);
    if (from.fieldRef) errs.push(...validateFieldRef(from.fieldRef.fieldPath, from.fieldRef.apiVersion, vp.child("fieldRef")));
    if (from.resourceFieldRef && !from.resourceFieldRef.resource) errs.push(fieldErrors.required(vp.child("resourceFieldRef", "resource")));
    for (const k of ["configMapKeyRef", "secretKeyRef"] as const) {
      const ref = from[k];
      if (!ref) continue;
      if (!ref.name) errs.push(fieldErrors.required(vp.child(k, "name")));
      if (!ref.key) errs.push(fieldErrors.required(vp.child(k, "key")));
    }
    if (set.length === 0) errs.push(fieldErrors.invalid(vp, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
    else if (set.length > 1) errs.push(fieldErrors.invalid(vp, "", "may not have more than one field specified at a time"));
    if (e.value && set.length) errs.push(fieldErrors.invalid(vp, "", "may not be specified when `value` is not empty"));
  });
  return errs;
}

function validateMounts(mounts: VolumeMount[] | undefined, volumes: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const ip = path.index(i);
    if (!m.name) errs.push(fieldErrors.required(ip.child("name")));
    else if (!volumes.has(m.name)) errs.push(fieldErrors.notFound(ip.child("name"), m.name));
    if (!m.mountPath) errs.push(fieldErrors.required(ip.child("mountPath")));
    else if (seen.has(m.mountPath)) errs.push(fieldErrors.invalid(ip.child("mountPath"), m.mountPath, "must be unique"));
    else seen.add(m.mountPath);
    if (m.subPath) {
      if (m.subPath.startsWith("/")) errs.push(fieldErrors.invalid(ip.child("subPath"), m.subPath, "must be a relative path"));
      if (m.subPath.split("/").includes("..")) errs.push(fieldErrors.invalid(ip.child("subPath"), m.subPath, "must not contain '..'"));
    }
  });
  return errs;
}

function validateProbe(p: Probe | undefined, path: FieldPath, mustSucceedOnce: boolean): FieldError[] {
  if (!p) return [];
  const errs: FieldError[] = [];
  const handlers = (["exec", "httpGet", "tcpSocket", "grpc"] as const).filter((k) => p[k]);
  if (handlers.length === 0) errs.push(fieldErrors.required(path, "must specify a handler type"));
  else if (handlers.length > 1) errs.push(fieldErrors.forbidden(path.child(handlers[1]), "may not specify more than 1 handler type"));
  for (const k of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold", "terminationGracePeriodSeconds"] as const) {
    errs.push(...validateNonnegative(p[k], path.child(k)));
  }
  if (mustSucceedOnce && p.successThreshold !== undefined && p.successThreshold !== 1) {
    errs.push(fieldErrors.invalid(path.child("successThreshold"), p.successThreshold, "must be 1"));
  }
  if (p.httpGet?.port !== undefined && typeof p.httpGet.port === "number") {
    for (const m of portNumErrors(p.httpGet.port)) errs.push(fieldErrors.invalid(path.child("httpGet", "port"), p.httpGet.port, m));
  }
  return errs;
}

export type ContainerKind = "regular" | "init" | "ephemeral";

/** Checks that apply to one container of any kind; names must be unique across all kinds (names is shared). */
export function validateContainer(c: AnyContainer, kind: ContainerKind, path: FieldPath, volumes: Set<string>, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(fieldErrors.required(path.child("name")));
  else {
    errs.push(...validateDNS1123Label(c.name, path.child("name")));
    if (names.has(c.name)) errs.push(fieldErrors.duplicate(path.child("name"), c.name));
    names.add(c.name);
  }
  if (!c.image) errs.push(fieldErrors.required(path.child("image")));
  if (c.imagePullPolicy === undefined || c.imagePullPolicy === "") errs.push(fieldErrors.required(path.child("imagePullPolicy")));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy)) errs.push(fieldErrors.notSupported(path.child("imagePullPolicy"), c.imagePullPolicy, PULL_POLICIES));
  if (c.terminationMessagePolicy && !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) {
    errs.push(fieldErrors.notSupported(path.child("terminationMessagePolicy"), c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
  }
  errs.push(...validatePorts(c.ports, path.child("ports")));
  errs.push(...validateEnv(c.env, path.child("env")));
  errs.push(...validateMounts(c.volumeMounts, volumes, path.child("volumeMounts")));
  errs.push(...validateResourceRequirements(c.resources, path.child("resources")));
  if (kind === "regular") {
    errs.push(...validateProbe(c.livenessProbe, path.child("livenessProbe"), true));
    errs.push(...validateProbe(c.readinessProbe, path.child("readinessProbe"), false));
    errs.push(...validateProbe(c.startupProbe, path.child("startupProbe"), true));
  } else if (kind === "init") {
    const sidecar = c.restartPolicy === "Always";
    if (c.restartPolicy !== undefined && !sidecar) errs.push(fieldErrors.notSupported(path.child("restartPolicy"), c.restartPolicy, ["Always"]));
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
      if (!sidecar && c[probe]) errs.push(fieldErrors.forbidden(path.child(probe), "may not be set for init containers without restartPolicy=Always"));
      else errs.push(...validateProbe(c[probe], path.child(probe), probe !== "readinessProbe"));
    }
  } else {
    for (const f of ["ports", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle"] as const) {
      const v = (c as unknown as Record<string, unknown>)[f];
      if (v !== undefined && !(Array.isArray(v) && v.length === 0)) errs.push(fieldErrors.forbidden(path.child(f), "cannot be set for an Ephemeral Container"));
    }
  }
  return errs;
}
