/**
 * kube-system/extension-apiserver-authentication (upstream's
 * ClusterAuthenticationTrustController): how extension API servers should
 * authenticate this API server's requests — the client CA, and for the
 * front proxy its CA, allowed names and the X-Remote-* header names. What
 * is already there is kept and merged with ours (lists de-duplicated, CA
 * bundles joined), so several API servers can share the ConfigMap; the
 * controller puts it back when it is edited or deleted.
 */
import { X509Certificate } from "node:crypto";
import { isApiError } from "../../api/errors.js";
import { createWorkQueue, runController } from "../../client/index.js";
import type { Client, Informer, KubeObject } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";
import { CONFIGMAPS, NAMESPACES } from "./resources.js";

export const AUTH_CONFIGMAP_NAMESPACE = "kube-system";
export const AUTH_CONFIGMAP_NAME = "extension-apiserver-authentication";

export interface ClusterAuthenticationInfo {
  clientCA: string;
  requestHeaderCA: string;
  requestHeaderAllowedNames: string[];
  requestHeaderUsernameHeaders: string[];
  requestHeaderUIDHeaders: string[];
  requestHeaderGroupHeaders: string[];
  requestHeaderExtraHeaderPrefixes: string[];
}

/** What this API server sends (the flags kubeadm gives kube-apiserver). */
export function frontProxyAuthenticationInfo(clientCA: string, requestHeaderCA: string): ClusterAuthenticationInfo {
  return {
    clientCA,
    requestHeaderCA,
    requestHeaderAllowedNames: ["front-proxy-client"],
    requestHeaderUsernameHeaders: ["X-Remote-User"],
    requestHeaderUIDHeaders: ["X-Remote-Uid"],
    requestHeaderGroupHeaders: ["X-Remote-Group"],
    requestHeaderExtraHeaderPrefixes: ["X-Remote-Extra-"],
  };
}

type ConfigMap = KubeObject & { data?: Record<string, string> };

/** The ConfigMap's data: the existing data merged with ours, as upstream writes it. */
export function authenticationData(existing: Record<string, string> | undefined, ours: ClusterAuthenticationInfo, now: number): Record<string, string> {
  const e = existing ?? {};
  const list = (key: string, mine: string[]) => JSON.stringify(unique([...parseList(e[key]), ...mine]));
  const data: Record<string, string> = {};
  const clientCA = combineBundles(e["client-ca-file"], ours.clientCA, now);
  if (clientCA) data["client-ca-file"] = clientCA;
  const requestHeaderCA = combineBundles(e["requestheader-client-ca-file"], ours.requestHeaderCA, now);
  if (!requestHeaderCA) return data;
  data["requestheader-username-headers"] = list("requestheader-username-headers", ours.requestHeaderUsernameHeaders);
  data["requestheader-uid-headers"] = list("requestheader-uid-headers", ours.requestHeaderUIDHeaders);
  data["requestheader-group-headers"] = list("requestheader-group-headers", ours.requestHeaderGroupHeaders);
  data["requestheader-extra-headers-prefix"] = list("requestheader-extra-headers-prefix", ours.requestHeaderExtraHeaderPrefixes);
  data["requestheader-client-ca-file"] = requestHeaderCA;
  data["requestheader-allowed-names"] = list("requestheader-allowed-names", ours.requestHeaderAllowedNames);
  return data;
}

function parseList(text: string | undefined): string[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Both bundles' certificates, unexpired (five minutes' slack), without duplicates, PEM. */
function combineBundles(a: string | undefined, b: string, now: number): string {
  const pems = [...splitPem(a ?? ""), ...splitPem(b)];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const pem of pems) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch {
      continue;
    }
    if (Date.parse(cert.validTo) <= now - 5 * 60_000) continue;
    const der = cert.raw.toString("base64");
    if (seen.has(der)) continue;
    seen.add(der);
    out.push(cert.toString().trim());
  }
  return out.length ? `${out.join("\n")}\n` : "";
}

function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

export function createAuthenticationConfigMapController(d: { client: Client; clock: Clock; configMaps: Informer<ConfigMap>; info: ClusterAuthenticationInfo }): { run(signal: AbortSignal): Promise<void> } {
  const KEY = `${AUTH_CONFIGMAP_NAMESPACE}/${AUTH_CONFIGMAP_NAME}`;
  const queue = createWorkQueue<string>({ clock: d.clock, name: "cluster_authentication_trust_controller" });
  const mine = (cm: ConfigMap) => cm.metadata.name === AUTH_CONFIGMAP_NAME;
  d.configMaps.addEventHandler({ onAdd: (cm) => mine(cm) && queue.add(KEY), onUpdate: (_o, cm) => mine(cm) && queue.add(KEY), onDelete: (cm) => mine(cm) && queue.add(KEY) });

  async function sync(): Promise<void> {
    const current = d.configMaps.lister.get(AUTH_CONFIGMAP_NAMESPACE, AUTH_CONFIGMAP_NAME);
    const data = authenticationData(current?.data, d.info, d.clock.now());
    if (current && JSON.stringify(sortKeys(current.data ?? {})) === JSON.stringify(sortKeys(data))) return;
    try {
      await d.client.get(NAMESPACES, undefined, AUTH_CONFIGMAP_NAMESPACE);
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
      await d.client.create(NAMESPACES, undefined, { metadata: { name: AUTH_CONFIGMAP_NAMESPACE } }).catch((e) => {
        if (!isApiError(e, "AlreadyExists")) throw e;
      });
    }
    if (current) {
      try {
        await d.client.update<ConfigMap>(CONFIGMAPS, AUTH_CONFIGMAP_NAMESPACE, { ...current, data });
        return;
      } catch (err) {
        if (!isApiError(err, "NotFound")) throw err;
      }
    }
    await d.client.create<ConfigMap>(CONFIGMAPS, AUTH_CONFIGMAP_NAMESPACE, { metadata: { name: AUTH_CONFIGMAP_NAME, namespace: AUTH_CONFIGMAP_NAMESPACE }, data });
  }

  return {
    run: (signal) => {
      queue.add(KEY);
      return runController({ name: "cluster_authentication_trust", queue, workers: 1, signal, sync, log: () => undefined, error: () => undefined });
    },
  };
}

function sortKeys(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}
