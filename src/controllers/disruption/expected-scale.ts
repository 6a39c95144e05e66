/**
 * The scale of the controllers of a budget's pods (upstream's finders):
 * ReplicationControllers, Deployments (through their ReplicaSets),
 * ReplicaSets and StatefulSets from the informers' caches, any other kind
 * through its scale subresource. The expected pod count is the sum over the
 * distinct controllers.
 */
import type { Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { ReplicationController } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { isApiError } from "../../api/errors.js";
import { DEPLOYMENTS, errorFromResponse, RCS, REPLICASETS, STATEFULSETS, type Client, type InformerFactory, type Lister } from "../../client/index.js";
import { getControllerOf, type OwnerReference } from "../shared/controller-ref.js";
import type { PodObject } from "../shared/pods.js";

type Scaled = KubeObject & { spec?: { replicas?: number } };
type Found = { uid: string; scale: number } | undefined;
type Finder = (ref: OwnerReference, namespace: string) => Found | Promise<Found>;

function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
}

function isKind(ref: OwnerReference, kind: string, groups: string[]): boolean {
  return ref.kind === kind && groups.includes(groupOf(ref.apiVersion));
}

async function getJson<T>(client: Client, path: string): Promise<T> {
  const res = await client.raw("GET", path);
  if (res.status >= 300) throw errorFromResponse(res.status, res.body, "GET");
  return (res.object ?? JSON.parse(res.body.toString("utf8"))) as T;
}

interface ApiResourceList {
  resources?: { name: string; kind: string; group?: string; version?: string }[];
}

export function createExpectedScale(client: Client, informers: InformerFactory) {
  const rcs = informers.forResource<ReplicationController & KubeObject>(RCS).lister;
  const rss = informers.forResource<ReplicaSet & KubeObject>(REPLICASETS).lister;
  const deployments = informers.forResource<Deployment & KubeObject>(DEPLOYMENTS).lister;
  const statefulSets = informers.forResource<StatefulSet & KubeObject>(STATEFULSETS).lister;

  const cached = (lister: Lister<Scaled>, ref: OwnerReference, namespace: string): Scaled | undefined => {
    const obj = lister.get(namespace, ref.name);
    return obj && obj.metadata.uid === ref.uid ? obj : undefined;
  };
  const found = (obj: Scaled | undefined): Found => (obj ? { uid: obj.metadata.uid!, scale: obj.spec?.replicas ?? 1 } : undefined);

  const replicationController: Finder = (ref, ns) => (isKind(ref, "ReplicationController", [""]) ? found(cached(rcs as Lister<Scaled>, ref, ns)) : undefined);
  const deployment: Finder = (ref, ns) => {
    if (!isKind(ref, "ReplicaSet", ["apps", "extensions"])) return undefined;
    const rs = cached(rss as Lister<Scaled>, ref, ns);
    const owner = rs && getControllerOf(rs);
    if (!owner || !isKind(owner, "Deployment", ["apps", "extensions"])) return undefined;
    return found(cached(deployments as Lister<Scaled>, owner, ns));
  };
  const replicaSet: Finder = (ref, ns) => {
    if (!isKind(ref, "ReplicaSet", ["apps", "extensions"])) return undefined;
    const rs = cached(rss as Lister<Scaled>, ref, ns);
    // A Deployment's ReplicaSet counts through its Deployment.
    if (!rs || getControllerOf(rs)?.kind === "Deployment") return undefined;
    return found(rs);
  };
  const statefulSet: Finder = (ref, ns) => (isKind(ref, "StatefulSet", ["apps"]) ? found(cached(statefulSets as Lister<Scaled>, ref, ns)) : undefined);
  const scaleSubresource: Finder = async (ref, ns) => {
    const group = groupOf(ref.apiVersion);
    const base = group ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    const list = await getJson<ApiResourceList>(client, base);
    const resource = list.resources?.find((r) => r.kind === ref.kind && !r.name.includes("/"));
    if (!resource) throw new Error(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
    let scale: KubeObject & { spec?: { replicas?: number } };
    try {
      scale = await getJson(client, `${base}/namespaces/${ns}/${resource.name}/${ref.name}/scale`);
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
      // NotFound is either a missing object or a resource without scale.
      const gr = group ? `${resource.name}.${group}` : resource.name;
      if (!list.resources?.some((r) => r.name === `${resource.name}/scale` && r.kind === "Scale")) throw new Error(`${gr} does not implement the scale subresource`);
      return undefined;
    }
    return scale.metadata.uid === ref.uid ? { uid: scale.metadata.uid, scale: scale.spec?.replicas ?? 0 } : undefined;
  };
  const finders: Finder[] = [replicationController, deployment, replicaSet, statefulSet, scaleSubresource];

  /** Sum of the distinct controllers' scales; pods without a controller are reported, a pod whose controller is not found fails. */
  return async (pods: readonly PodObject[]): Promise<{ expectedCount: number; unmanagedPods: string[] }> => {
    const scales = new Map<string, number>();
    const unmanagedPods: string[] = [];
    for (const pod of pods) {
      const ref = getControllerOf(pod);
      if (!ref) {
        unmanagedPods.push(pod.metadata.name!);
        continue;
      }
      if (scales.has(ref.uid)) continue;
      let hit: Found;
      for (const finder of finders) {
        hit = await finder(ref, pod.metadata.namespace!);
        if (hit) break;
      }
      if (!hit) throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata.name)}`);
      scales.set(hit.uid, hit.scale);
    }
    let expectedCount = 0;
    for (const s of scales.values()) expectedCount += s;
    return { expectedCount, unmanagedPods };
  };
}
