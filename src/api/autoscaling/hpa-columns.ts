/** The HPA table, as upstream's printHorizontalPodAutoscaler and formatHPAMetrics. */
import type { MetricSpec, MetricStatus } from "kubernetes-types/autoscaling/v2.js";
import type { TableColumn } from "../types.js";
import type { HPAObject } from "./hpa-defaults.js";
import { ageColumn } from "../printers.js";

const UNKNOWN = "<unknown>";
const q = (v: string | number | undefined) => (v === undefined ? "" : String(v));

function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case "External":
    case "Object": {
      const src = spec.type === "External" ? spec.external : spec.object;
      const cur = spec.type === "External" ? status?.external?.current : status?.object?.current;
      if (src?.target.averageValue !== undefined) {
        return `${cur?.averageValue !== undefined ? q(cur.averageValue) : UNKNOWN}/${q(src.target.averageValue)} (avg)`;
      }
      return `${cur ? q(cur.value) : UNKNOWN}/${q(src?.target.value)}`;
    }
    case "Pods":
      return `${status?.pods ? q(status.pods.current.averageValue) : UNKNOWN}/${q(spec.pods?.target.averageValue)}`;
    case "Resource":
    case "ContainerResource": {
      const src = spec.type === "Resource" ? spec.resource : spec.containerResource;
      const cur = spec.type === "Resource" ? status?.resource : status?.containerResource;
      const name = src?.name ?? "";
      if (src?.target.averageValue !== undefined) {
        return `${name}: ${cur ? q(cur.current.averageValue) : UNKNOWN}/${q(src.target.averageValue)}`;
      }
      const current = cur?.current.averageUtilization !== undefined ? `${cur.current.averageUtilization}%` : UNKNOWN;
      const target = src?.target.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : "<auto>";
      return `${name}: ${current}/${target}`;
    }
    default:
      return "<unknown type>";
  }
}

/** "cpu: 40%/80%, memory: <unknown>/500Mi + 1 more..." */
export function formatHPAMetrics(specs: MetricSpec[] | undefined, statuses: MetricStatus[] | undefined): string {
  if (!specs || specs.length === 0) return "<none>";
  const max = 2;
  const list = specs.map((s, i) => formatMetric(s, statuses?.[i]));
  if (list.length > max) return `${list.slice(0, max).join(", ")} + ${list.length - max} more...`;
  return list.join(", ");
}

export const hpaColumns: TableColumn<HPAObject>[] = [
  { name: "Reference", type: "string", description: "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.", cell: (h) => `${h.spec?.scaleTargetRef?.kind ?? ""}/${h.spec?.scaleTargetRef?.name ?? ""}` },
  { name: "Targets", type: "string", description: "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).", cell: (h) => formatHPAMetrics(h.spec?.metrics, h.status?.currentMetrics) },
  { name: "MinPods", type: "string", description: "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.", cell: (h) => (h.spec?.minReplicas !== undefined ? String(h.spec.minReplicas) : "<unset>") },
  { name: "MaxPods", type: "string", description: "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.", cell: (h) => h.spec?.maxReplicas ?? 0 },
  { name: "Replicas", type: "string", description: "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.", cell: (h) => h.status?.currentReplicas ?? 0 },
  ageColumn<HPAObject>(),
];
