import type { ServiceAccount } from "kubernetes-types/core/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { ageColumn } from "../printers.js";
import { tokenSubresource } from "./serviceaccount-token.js";

export type ServiceAccountObject = ServiceAccount & KubeObject;

export const serviceaccounts: ResourceDefinition<ServiceAccountObject> = {
  group: "",
  version: "v1",
  kind: "ServiceAccount",
  plural: "serviceaccounts",
  singular: "serviceaccount",
  namespaced: true,
  shortNames: ["sa"],
  schema: "io.k8s.api.core.v1.ServiceAccount",
  tracksGeneration: false,
  subresources: { token: tokenSubresource },
  columns: [
    { name: "Secrets", type: "string", description: "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.", cell: (sa) => (sa.secrets ?? []).length },
    ageColumn<ServiceAccountObject>(),
  ],
};
