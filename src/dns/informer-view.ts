/**
 * The ClusterView from a client's informers, as CoreDNS keeps its caches:
 * Services (indexed by cluster IP), EndpointSlices (by Service and by
 * address) and Namespaces. Every event moves the SOA serial to now.
 * Needs list and watch on those (kubeadm's system:coredns ClusterRole).
 */
import type { Namespace, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { createInformerFactory, ENDPOINTSLICES, NAMESPACES, SERVICES, type Client, type KubeObject } from "../client/index.js";
import type { Clock } from "../util/clock.js";
import { addressesOf, clusterIPsOf, sliceServiceKey, type ClusterView } from "./cluster-view.js";
import { normalizeAddress } from "./names.js";

const BY_CLUSTER_IP = "clusterIP";
const BY_SERVICE = "service";
const BY_ADDRESS = "address";

export interface WatchedClusterView {
  view: ClusterView;
  /** Resolves once every cache has listed (false when stopped first). */
  synced: Promise<boolean>;
}

/** Starts the informers; they run until signal aborts. */
export function watchClusterView(o: { client: Client; clock: Clock; signal: AbortSignal }): WatchedClusterView {
  const factory = createInformerFactory({ client: o.client, clock: o.clock });
  const services = factory.forResource<Service & KubeObject>(SERVICES);
  const slices = factory.forResource<EndpointSlice & KubeObject>(ENDPOINTSLICES);
  const namespaces = factory.forResource<Namespace & KubeObject>(NAMESPACES);
  services.addIndexer(BY_CLUSTER_IP, (s) => clusterIPsOf(s));
  slices.addIndexer(BY_SERVICE, (s) => {
    const key = sliceServiceKey(s);
    return key ? [key] : [];
  });
  slices.addIndexer(BY_ADDRESS, (s) => [...new Set(addressesOf(s))]);
  let serial = Math.floor(o.clock.now() / 1000);
  const touch = () => void (serial = Math.floor(o.clock.now() / 1000));
  for (const inf of [services, slices, namespaces] as const) inf.addEventHandler({ onAdd: touch, onUpdate: touch, onDelete: touch });
  factory.start(o.signal);
  const view: ClusterView = {
    synced: () => services.hasSynced() && slices.hasSynced() && namespaces.hasSynced(),
    namespaceExists: (name) => namespaces.lister.get(undefined, name) !== undefined,
    service: (ns, name) => services.lister.get(ns, name),
    endpointSlices: (ns, name) => slices.lister.byIndex(BY_SERVICE, `${ns}/${name}`),
    servicesWithClusterIP: (ip) => services.lister.byIndex(BY_CLUSTER_IP, normalizeAddress(ip)),
    endpointSlicesWithAddress: (ip) => slices.lister.byIndex(BY_ADDRESS, normalizeAddress(ip)),
    serial: () => serial,
  };
  return { view, synced: factory.waitForCacheSync(o.signal) };
}
