import type { ResourceDefinition, TableColumn } from "../types.js";
import { hpaColumns } from "./hpa-columns.js";
import { BEHAVIOR_ANNOTATION, CONDITIONS_ANNOTATION, hpaFromV1, hpaToV1, METRIC_SPECS_ANNOTATION, METRIC_STATUSES_ANNOTATION, type HPAV1Object } from "./hpa-v1-convert.js";
import { validateHPASpec, validateHPAStatus } from "./hpa-validation.js";

/** Annotations that carry status, and those that carry spec, through v1. */
const STATUS_ANNOTATIONS = [METRIC_STATUSES_ANNOTATION, CONDITIONS_ANNOTATION];
const SPEC_ANNOTATIONS = [METRIC_SPECS_ANNOTATION, BEHAVIOR_ANNOTATION];

/**
 * Sets keys of obj's annotations to what `from` holds (absent when it has
 * none): upstream resets spec or status after conversion, so what the
 * annotations would have converted into must be reset too.
 */
function keepAnnotations(obj: HPAV1Object, from: HPAV1Object | undefined, keys: string[]): void {
  const out = { ...(obj.metadata.annotations ?? {}) };
  for (const k of keys) {
    const v = from?.metadata.annotations?.[k];
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  if (Object.keys(out).length) obj.metadata.annotations = out;
  else delete obj.metadata.annotations;
}

// Upstream prints the internal object for every version: the v2 table, read through the conversion.
const columns: TableColumn<HPAV1Object>[] = hpaColumns.map((c) => ({ ...c, cell: (h, ctx) => c.cell(hpaFromV1(h), ctx) }));

/**
 * autoscaling/v1 HorizontalPodAutoscaler: a view of the autoscaling/v2
 * storage. Validation runs on the converted object, as upstream validates
 * the internal version, so its field paths are v2's.
 */
export const horizontalpodautoscalersV1: ResourceDefinition<HPAV1Object> = {
  group: "autoscaling",
  version: "v1",
  kind: "HorizontalPodAutoscaler",
  plural: "horizontalpodautoscalers",
  singular: "horizontalpodautoscaler",
  namespaced: true,
  shortNames: ["hpa"],
  categories: ["all"],
  schema: "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler",
  hasStatus: true,
  tracksGeneration: true,
  sharedStorage: { group: "autoscaling", resource: "horizontalpodautoscalers", toStored: hpaFromV1, fromStored: hpaToV1 },
  defaults(hpa) {
    // SetDefaults_HorizontalPodAutoscaler of autoscaling/v1.
    const spec = (hpa.spec ??= {});
    spec.minReplicas ??= 1;
  },
  prepareForCreate(hpa) {
    hpa.status = { currentReplicas: 0, desiredReplicas: 0 };
    keepAnnotations(hpa, undefined, STATUS_ANNOTATIONS);
  },
  prepareForUpdate(hpa, old) {
    keepAnnotations(hpa, old, STATUS_ANNOTATIONS);
  },
  prepareForStatusUpdate(hpa, old) {
    keepAnnotations(hpa, old, SPEC_ANNOTATIONS);
  },
  validate: (hpa) => validateHPASpec(hpaFromV1(hpa)),
  validateUpdate: (hpa) => validateHPASpec(hpaFromV1(hpa)),
  validateStatusUpdate: (hpa) => validateHPAStatus(hpaFromV1(hpa)),
  columns,
};
