/**
 * The ClusterView every check of a run shares: each resource is listed at
 * most once (concurrent asks share one request), objects and Events are
 * indexed once, and endpoint answers are kept, so that a full run over
 * 1,000 nodes and 10,000 pods reads each thing once.
 */
import type { X509Certificate } from "node:crypto";
import type { KubeObject } from "../api/types.js";
import type { CoreEvent } from "../client/event-types.js";
import { EVENTS } from "../client/resources.js";
import type { GVR } from "../client/types.js";
import type { ClusterView, ObjectRef, ProxyResult } from "./types.js";

/** Where a view reads from: the API (api-source.ts) or fixtures (fixture-source.ts). */
export interface ViewSource {
  list(gvr: GVR): Promise<KubeObject[]>;
  /** The group/versions the server serves ("v1" for core, "apps/v1", ...). */
  groupVersions(): Promise<Set<string>>;
  get(path: string): Promise<ProxyResult>;
  /** Events about one object (a field selector on involvedObject), so that a few lookups need not list every Event. */
  eventsAbout?(ref: ObjectRef): Promise<CoreEvent[]>;
  /** A local component's endpoint (see ClusterView.localEndpoint). */
  localGet?(component: string, path: string): Promise<ProxyResult | undefined>;
  /** The API server's serving certificate, from a TLS handshake. */
  servingCertificate?(): Promise<X509Certificate | undefined>;
}

const gvrKey = (g: GVR) => `${g.group}/${g.version}/${g.resource}`;
const objKey = (ns: string | undefined, name: string | undefined) => `${ns ?? ""}/${name ?? ""}`;
/** Events name cluster-scoped objects with or without a namespace: index them by kind and name too. */
const eventKeys = (r: { kind?: string; namespace?: string; name?: string }) => [`${r.kind}/${r.namespace ?? ""}/${r.name}`, `${r.kind}//${r.name}`];

/** Objects whose Events are asked for one by one; past this, every Event is listed once. */
export const TARGETED_EVENT_QUERIES = 20;

export function createClusterView(source: ViewSource): ClusterView {
  const targeted = new Map<string, Promise<CoreEvent[]>>();
  const lists = new Map<string, { gvr: GVR; items: Promise<KubeObject[]> }>();
  const indexes = new Map<string, Promise<Map<string, KubeObject>>>();
  const proxied = new Map<string, Promise<ProxyResult>>();
  let groupVersions: Promise<Set<string>> | undefined;
  let events: Promise<Map<string, CoreEvent[]>> | undefined;
  let serving: Promise<X509Certificate | undefined> | undefined;

  const serves = async (gvr: GVR) => {
    groupVersions ??= source.groupVersions();
    return (await groupVersions).has(gvr.group ? `${gvr.group}/${gvr.version}` : gvr.version);
  };

  const list = <T extends KubeObject>(gvr: GVR): Promise<T[]> => {
    const key = gvrKey(gvr);
    let entry = lists.get(key);
    if (!entry) {
      entry = { gvr, items: serves(gvr).then((ok) => (ok ? source.list(gvr) : [])) };
      lists.set(key, entry);
    }
    return entry.items as Promise<T[]>;
  };

  const index = (gvr: GVR) => {
    const key = gvrKey(gvr);
    let idx = indexes.get(key);
    if (!idx) {
      idx = list(gvr).then((items) => new Map(items.map((o) => [objKey(o.metadata.namespace, o.metadata.name), o])));
      indexes.set(key, idx);
    }
    return idx;
  };

  return {
    list,
    serves,
    async get<T extends KubeObject>(gvr: GVR, namespace: string | undefined, name: string) {
      return (await index(gvr)).get(objKey(namespace, name)) as T | undefined;
    },
    async eventsFor(ref: ObjectRef) {
      const key = ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}//${ref.name}`;
      const one = targeted.get(key);
      if (one) return one;
      if (!events && source.eventsAbout && targeted.size < TARGETED_EVENT_QUERIES) {
        const p = source.eventsAbout(ref).then((l) => [...l].sort((a, b) => eventTime(a) - eventTime(b)));
        targeted.set(key, p);
        return p;
      }
      events ??= list<CoreEvent>(EVENTS).then((items) => {
        const byObject = new Map<string, CoreEvent[]>();
        for (const ev of items) {
          for (const k of new Set(eventKeys(ev.involvedObject))) {
            const l = byObject.get(k);
            if (l) l.push(ev);
            else byObject.set(k, [ev]);
          }
        }
        for (const l of byObject.values()) l.sort((a, b) => eventTime(a) - eventTime(b));
        return byObject;
      });
      const byObject = await events;
      return byObject.get(key) ?? [];
    },
    proxyGet(path: string) {
      let p = proxied.get(path);
      if (!p) {
        p = source.get(path);
        proxied.set(path, p);
      }
      return p;
    },
    localEndpoint(component: string, path: string) {
      const key = `local:${component}:${path}`;
      let p = proxied.get(key) as Promise<ProxyResult | undefined> | undefined;
      if (!p) {
        p = source.localGet ? source.localGet(component, path) : Promise.resolve(undefined);
        proxied.set(key, p as Promise<ProxyResult>);
      }
      return p;
    },
    servingCertificate() {
      serving ??= source.servingCertificate ? source.servingCertificate() : Promise.resolve(undefined);
      return serving;
    },
    listed: () => [...lists.values()].map((e) => e.gvr),
  };
}

/** When an Event last happened (lastTimestamp, else eventTime, else creation). */
export function eventTime(ev: CoreEvent): number {
  const t = ev.lastTimestamp ?? (ev.eventTime as string | undefined) ?? ev.firstTimestamp ?? ev.metadata.creationTimestamp;
  return t ? Date.parse(t) : 0;
}
