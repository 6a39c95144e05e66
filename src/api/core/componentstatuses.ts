/**
 * core/v1 ComponentStatus (deprecated since 1.19, still served): the health
 * of the scheduler, the controller-manager and each etcd server, probed on
 * every read (RegistryServices.probeComponents), never stored. Read-only,
 * cluster-scoped; the table of upstream's printers.go.
 */
import type { ComponentCondition, ComponentStatus } from "kubernetes-types/core/v1.js";
import type { ComponentProbe, KubeObject, ResourceDefinition, TableColumn } from "../types.js";

export type ComponentStatusObject = ComponentStatus & KubeObject;

/** upstream's ToConditionStatus. */
const conditionStatus = { Success: "True", Failure: "False", Unknown: "Unknown" } as const;

export function componentStatusOf(probe: ComponentProbe): ComponentStatusObject {
  const condition: ComponentCondition = { type: "Healthy", status: conditionStatus[probe.result] };
  if (probe.message) condition.message = probe.message;
  if (probe.error) condition.error = probe.error;
  return { apiVersion: "v1", kind: "ComponentStatus", metadata: { name: probe.name }, conditions: [condition] };
}

/** printComponentStatus: Healthy only when every Healthy condition is True. */
function statusCell(cs: ComponentStatusObject): string {
  let status = "Unknown";
  for (const c of cs.conditions ?? []) {
    if (c.type !== "Healthy") continue;
    if (c.status !== "True") return "Unhealthy";
    status = "Healthy";
  }
  return status;
}

const healthy = (cs: ComponentStatusObject) => (cs.conditions ?? []).filter((c) => c.type === "Healthy");

const columns: TableColumn<ComponentStatusObject>[] = [
  { name: "Status", type: "string", description: "Status of the component conditions", cell: statusCell },
  { name: "Message", type: "string", description: "Message of the component conditions", cell: (cs) => healthy(cs).map((c) => c.message ?? "").join(",") },
  { name: "Error", type: "string", description: "Error of the component conditions", cell: (cs) => healthy(cs).map((c) => c.error ?? "").join(",") },
];

export const componentstatuses: ResourceDefinition<ComponentStatusObject> = {
  group: "",
  version: "v1",
  kind: "ComponentStatus",
  plural: "componentstatuses",
  singular: "componentstatus",
  namespaced: false,
  shortNames: ["cs"],
  verbs: ["get", "list"],
  schema: "io.k8s.api.core.v1.ComponentStatus",
  tracksGeneration: false,
  deprecationWarning: "v1 ComponentStatus is deprecated in v1.19+",
  computed: {
    async list(ctx) {
      const probes = await ctx.services.probeComponents();
      return probes.sort((a, b) => a.name.localeCompare(b.name)).map(componentStatusOf);
    },
  },
  columns,
};
