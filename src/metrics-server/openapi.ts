/**
 * The OpenAPI metrics-server publishes, enough for the aggregator and
 * clients: v2 with the metrics.k8s.io/v1beta1 definitions, v3's index and
 * group-version document.
 */
import { GROUP_VERSION } from "./resources.js";

const gvk = (kind: string) => [{ group: "metrics.k8s.io", version: "v1beta1", kind }];

function definitions(ref: (name: string) => string) {
  const usage = { type: "object", additionalProperties: { $ref: ref("io.k8s.apimachinery.pkg.api.resource.Quantity") } };
  const meta = { $ref: ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta") };
  const common = { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: meta, timestamp: { type: "string", format: "date-time" }, window: { type: "string" } };
  return {
    "io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics": {
      description: "NodeMetrics sets resource usage metrics of a node.",
      type: "object",
      required: ["timestamp", "window", "usage"],
      properties: { ...common, usage: { ...usage, description: "The memory usage is the memory working set." } },
      "x-kubernetes-group-version-kind": gvk("NodeMetrics"),
    },
    "io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics": {
      description: "PodMetrics sets resource usage metrics of a pod.",
      type: "object",
      required: ["timestamp", "window", "containers"],
      properties: { ...common, containers: { type: "array", items: { $ref: ref("io.k8s.metrics.pkg.apis.metrics.v1beta1.ContainerMetrics") } } },
      "x-kubernetes-group-version-kind": gvk("PodMetrics"),
    },
    "io.k8s.metrics.pkg.apis.metrics.v1beta1.ContainerMetrics": {
      description: "ContainerMetrics sets resource usage metrics of a container.",
      type: "object",
      required: ["name", "usage"],
      properties: { name: { type: "string", description: "Container name corresponding to the one from pod.spec.containers." }, usage: { ...usage, description: "The memory usage is the memory working set." } },
    },
    "io.k8s.apimachinery.pkg.api.resource.Quantity": { type: "string" },
    "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": { type: "object", properties: { name: { type: "string" }, namespace: { type: "string" }, labels: { type: "object", additionalProperties: { type: "string" } }, creationTimestamp: { type: "string", format: "date-time" } } },
  };
}

export function openApiV2() {
  return { swagger: "2.0", info: { title: "Kubernetes metrics-server", version: "v0.8.0" }, paths: {}, definitions: definitions((n) => `#/definitions/${n}`) };
}

export function openApiV3Root() {
  return { paths: { [`apis/${GROUP_VERSION}`]: { serverRelativeURL: `/openapi/v3/apis/${GROUP_VERSION}` } } };
}

export function openApiV3GroupVersion() {
  return { openapi: "3.0.0", info: { title: "Kubernetes metrics-server", version: "v0.8.0" }, paths: {}, components: { schemas: definitions((n) => `#/components/schemas/${n}`) } };
}
