import type { ResourceDefinition } from "../types.js";
import { nameIsDNS1035Label } from "../validation/names.js";
import { invalid } from "../validation/field.js";
import { defaultService, normalizeClusterIPsOnCreate, normalizeServiceUpdate, type Mutable, type ServiceObject } from "./service-defaults.js";
import { validateClusterIPFields, validateService, validateServiceStatus, validateServiceUpdate } from "./service-validation.js";
import { allocateOnCreate, allocateOnUpdate, hasMalformedClusterIPs, releaseService } from "./service-allocation.js";
import { serviceColumns } from "./service-columns.js";

export type { ServiceObject };

export const services: ResourceDefinition<ServiceObject> = {
  group: "",
  version: "v1",
  kind: "Service",
  plural: "services",
  singular: "service",
  namespaced: true,
  shortNames: ["svc"],
  categories: ["all"],
  schema: "io.k8s.api.core.v1.Service",
  storageName: "services/specs",
  hasStatus: true,
  tracksGeneration: false,
  validateName: nameIsDNS1035Label,
  defaults: defaultService,
  async prepareForCreate(svc, ctx) {
    (svc as Mutable).status = {};
    normalizeClusterIPsOnCreate(svc);
    // Upstream pre-validates the IP fields before it allocates anything.
    const pre = hasMalformedClusterIPs(svc) ? [] : validateClusterIPFields(svc);
    if (pre.length) throw invalid({ group: "", kind: "Service" }, svc.metadata.name ?? "", pre);
    await allocateOnCreate(svc, ctx);
  },
  async prepareForUpdate(svc, old, ctx) {
    normalizeServiceUpdate(svc, old);
    await allocateOnUpdate(svc, old, ctx);
  },
  validate: (svc) => validateService(svc),
  validateUpdate: (svc, old) => validateServiceUpdate(svc, old),
  validateStatusUpdate: (svc) => validateServiceStatus(svc),
  afterDelete: (svc, ctx) => releaseService(svc, ctx),
  columns: serviceColumns,
  selectableFields: (svc) => ({ "spec.clusterIP": svc.spec?.clusterIP ?? "", "spec.type": svc.spec?.type ?? "" }),
};
