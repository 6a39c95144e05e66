/**
 * resource.k8s.io/v1 ResourceSlice (cluster-scoped): a driver's published
 * devices of one pool, for a node or a set of nodes. Upstream's validation,
 * the spec.nodeName and spec.driver field selectors, and the table
 * (NAME NODE DRIVER POOL AGE).
 */
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { validateSliceSpec } from "./slice-validation.js";

type Json = Record<string, unknown>;
export type ResourceSliceObject = KubeObject & { spec?: Json & { driver?: string; nodeName?: string; pool?: { name?: string } } };

export const resourceslices: ResourceDefinition<ResourceSliceObject> = {
  group: "resource.k8s.io",
  version: "v1",
  kind: "ResourceSlice",
  plural: "resourceslices",
  singular: "resourceslice",
  namespaced: false,
  schema: "io.k8s.api.resource.v1.ResourceSlice",
  tracksGeneration: true,
  validate: (s) => validateSliceSpec(s.spec, undefined),
  validateUpdate: (s, old) => validateSliceSpec(s.spec, old.spec ?? {}),
  selectableFields: (s) => ({ "spec.nodeName": s.spec?.nodeName ?? "", "spec.driver": s.spec?.driver ?? "" }),
  columns: [
    { name: "Node", type: "string", description: "NodeName identifies the node which provides the resources in this pool.", cell: (s) => s.spec?.nodeName ?? "" },
    { name: "Driver", type: "string", description: "Driver identifies the DRA driver providing the capacity information.", cell: (s) => s.spec?.driver ?? "" },
    { name: "Pool", type: "string", description: "Pool describes the pool that this ResourceSlice belongs to.", cell: (s) => s.spec?.pool?.name ?? "" },
    ageColumn<ResourceSliceObject>(),
  ],
};
