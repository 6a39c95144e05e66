/**
 * What workload resources share about their pod templates: the wide
 * CONTAINERS and IMAGES columns (upstream's layoutContainerCells) and the
 * SELECTOR column.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import type { KubeObject, TableColumn } from "../types.js";
import { formatLabelSelector } from "../validation/label-selector.js";
import type { PodSpec } from "./pod-types.js";

export function containerNames(spec: PodSpec | undefined): string {
  return (spec?.containers ?? []).map((c) => c.name).join(",");
}

export function containerImages(spec: PodSpec | undefined): string {
  return (spec?.containers ?? []).map((c) => c.image ?? "").join(",");
}

/** The wide Containers and Images columns for a resource whose pod spec getSpec finds. */
export function templateColumns<T extends KubeObject>(getSpec: (obj: T) => PodSpec | undefined): TableColumn<T>[] {
  return [
    { name: "Containers", type: "string", priority: 1, description: "Names of each container in the template.", cell: (o) => containerNames(getSpec(o)) },
    { name: "Images", type: "string", priority: 1, description: "Images referenced by each container in the template.", cell: (o) => containerImages(getSpec(o)) },
  ];
}

/** The wide Selector column (metav1.FormatLabelSelector). */
export function selectorColumn<T extends KubeObject>(getSelector: (obj: T) => LabelSelector | undefined, description: string): TableColumn<T> {
  return { name: "Selector", type: "string", priority: 1, description, cell: (o) => formatLabelSelector(getSelector(o)) };
}
