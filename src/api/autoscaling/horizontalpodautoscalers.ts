import type { ResourceDefinition } from "../types.js";
import { defaultHPA, type HPAObject } from "./hpa-defaults.js";
import { validateHPASpec, validateHPAStatus } from "./hpa-validation.js";
import { hpaColumns } from "./hpa-columns.js";

/** autoscaling/v2 HorizontalPodAutoscaler, as pkg/registry/autoscaling/horizontalpodautoscaler. */
export const horizontalpodautoscalers: ResourceDefinition<HPAObject> = {
  group: "autoscaling",
  version: "v2",
  kind: "HorizontalPodAutoscaler",
  plural: "horizontalpodautoscalers",
  singular: "horizontalpodautoscaler",
  namespaced: true,
  shortNames: ["hpa"],
  categories: ["all"],
  schema: "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
  hasStatus: true,
  tracksGeneration: true,
  defaults: defaultHPA,
  prepareForCreate(hpa) {
    // Go serialises the non-omitempty desiredReplicas of an empty status.
    hpa.status = { desiredReplicas: 0 };
  },
  validate: (hpa) => validateHPASpec(hpa),
  validateUpdate: (hpa) => validateHPASpec(hpa),
  validateStatusUpdate: (hpa) => validateHPAStatus(hpa),
  columns: hpaColumns,
};
