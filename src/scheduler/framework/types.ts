/** The core/v1 shapes the scheduler reads, from kubernetes-types. */
export type {
  Pod,
  PodSpec,
  Node,
  Taint,
  Toleration,
  NodeSelectorTerm,
  NodeSelectorRequirement,
  NodeSelector,
  PodAffinityTerm,
  WeightedPodAffinityTerm,
  TopologySpreadConstraint,
  ContainerPort,
  PersistentVolume,
  PersistentVolumeClaim,
  Container,
} from "kubernetes-types/core/v1.js";
export type { LabelSelector } from "kubernetes-types/meta/v1.js";
