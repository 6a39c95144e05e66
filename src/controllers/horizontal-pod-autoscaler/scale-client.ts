/**
 * The scale subresource of any resource (client-go's scale client as the
 * HPA uses it): the target's apiVersion/kind mapped to resources through
 * discovery, GET <resource>/<name>/scale tried for each mapping until one
 * answers (scaleForResourceMappings), PUT in the group/version/kind that
 * discovery gives the subresource. Failures carry upstream's wording: the
 * server's Status message, or the mapper's "no matches for kind ...".
 */
import { errorFromResponse } from "../../client/index.js";
import type { Client, GVR, KubeObject } from "../../client/types.js";
import type { RestMapper } from "./rest-mapper.js";
import { gvrString } from "./rest-mapper.js";

/** autoscaling/v1 Scale. */
export interface Scale extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

export interface ScaleClient {
  /** The target's Scale and the resource that served it. */
  get(namespace: string, ref: { apiVersion?: string; kind: string; name: string }): Promise<{ scale: Scale; gvr: GVR }>;
  /** Writes spec.replicas through the resource's scale subresource. */
  update(namespace: string, gvr: GVR, scale: Scale): Promise<Scale>;
}

export function createScaleClient(client: Client, mapper: RestMapper): ScaleClient {
  const scalePath = (gvr: GVR, namespace: string, name: string) => `/${gvr.group ? `apis/${gvr.group}` : "api"}/${gvr.version}/namespaces/${encodeURIComponent(namespace)}/${gvr.resource}/${encodeURIComponent(name)}/scale`;

  return {
    async get(namespace, ref) {
      const group = groupOf(ref.apiVersion ?? "");
      const mappings = await mapper.mappings(group, ref.kind);
      let firstError: Error | undefined;
      for (const m of mappings) {
        try {
          const gvr = await preferred(m.gvr);
          const res = await client.raw("GET", scalePath(gvr, namespace, ref.name));
          if (res.status !== 200) throw errorFromResponse(res.status, res.body, "GET");
          return { scale: JSON.parse(res.body.toString("utf8")) as Scale, gvr };
        } catch (err) {
          firstError ??= err as Error;
        }
      }
      throw firstError ?? new Error("unrecognized resource");
    },
    async update(namespace, gvr, scale) {
      const target = await preferred(gvr);
      let kind: { apiVersion: string; kind: string };
      try {
        kind = await mapper.scaleKind(target);
      } catch (err) {
        throw new Error(`could not find proper group-version for scale subresource of ${gvrString(target)}: ${(err as Error).message}`);
      }
      const body = { ...scale, apiVersion: kind.apiVersion, kind: kind.kind };
      const res = await client.raw("PUT", scalePath(target, namespace, scale.metadata.name!), body, { "content-type": "application/json" });
      if (res.status !== 200) throw errorFromResponse(res.status, res.body, "PUT");
      return JSON.parse(res.body.toString("utf8")) as Scale;
    },
  };

  /** The scale client addresses a group/resource in its preferred version (pathAndVersionFor). */
  async function preferred(gvr: GVR): Promise<GVR> {
    try {
      return await mapper.preferredResource(gvr.group, gvr.resource);
    } catch (err) {
      const gr = gvr.group ? `${gvr.resource}.${gvr.group}` : gvr.resource;
      throw new Error(`unable to get client for ${gr}: unable to get full preferred group-version-resource for ${gr}: ${(err as Error).message}`);
    }
  }
}

/** schema.ParseGroupVersion's group: "apps/v1" -> "apps", "v1" -> "". */
export function groupOf(apiVersion: string): string {
  if (apiVersion.split("/").length > 2) throw new Error(`unexpected GroupVersion string: ${apiVersion}`);
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}
