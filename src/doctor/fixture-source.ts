/**
 * A ViewSource over fixed objects and endpoint answers, for the checks'
 * unit tests: resources are named "group/version/resource" ("/v1/pods" for
 * core); a resource given (even empty) is served, others are not.
 */
import type { X509Certificate } from "node:crypto";
import type { KubeObject } from "../api/types.js";
import type { CoreEvent } from "../client/event-types.js";
import type { GVR } from "../client/types.js";
import { createClusterView, type ViewSource } from "./cluster-view.js";
import type { ClusterView, ProxyResult } from "./types.js";

export interface Fixtures {
  objects: Array<[GVR, KubeObject[]]>;
  /** Answers by path; a path not given answers 404. */
  endpoints?: Record<string, ProxyResult>;
  servingCertificate?: X509Certificate;
  /** Local components' answers by "component path", e.g. "kube-proxy /metrics". */
  local?: Record<string, ProxyResult>;
}

export function fixtureSource(f: Fixtures): ViewSource & { requests: string[] } {
  const byGvr = new Map<string, KubeObject[]>();
  for (const [g, items] of f.objects) byGvr.set(`${g.group}/${g.version}/${g.resource}`, [...(byGvr.get(`${g.group}/${g.version}/${g.resource}`) ?? []), ...items]);
  const requests: string[] = [];
  return {
    requests,
    async list(g) {
      requests.push(`list ${g.group}/${g.version}/${g.resource}`);
      return byGvr.get(`${g.group}/${g.version}/${g.resource}`) ?? [];
    },
    async groupVersions() {
      return new Set(f.objects.map(([g]) => (g.group ? `${g.group}/${g.version}` : g.version)));
    },
    servingCertificate: async () => f.servingCertificate,
    async eventsAbout(ref) {
      requests.push(`events ${ref.kind}/${ref.namespace ?? ""}/${ref.name}`);
      const all = (byGvr.get("/v1/events") ?? []) as CoreEvent[];
      return all.filter((e) => e.involvedObject.kind === ref.kind && e.involvedObject.name === ref.name && (!ref.namespace || e.involvedObject.namespace === ref.namespace));
    },
    localGet: async (component, path) => f.local?.[`${component} ${path}`],
    async get(path) {
      requests.push(`get ${path}`);
      return f.endpoints?.[path] ?? { ok: false, status: 404, error: "the server could not find the requested resource" };
    },
  };
}

export function fixtureView(f: Fixtures): ClusterView {
  return createClusterView(fixtureSource(f));
}
