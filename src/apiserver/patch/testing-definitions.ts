/**
 * A small excerpt of upstream's OpenAPI v2 definitions (core/v1 Pod and
 * Service, apps/v1 Deployment, meta/v1 ObjectMeta), with their real patch
 * strategies, merge keys and list/map types, for tests of patch and apply.
 */
import { schemaFromOpenApiDefinitions, type PatchSchema } from "./schema.js";

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const core = (kind: string) => `io.k8s.api.core.v1.${kind}`;
const meta = (kind: string) => `io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`;
const str = { type: "string" };
const int = { type: "integer", format: "int32" };
const strMap = { type: "object", additionalProperties: str };
const strList = { type: "array", items: str };

function mergeList(item: string, key: string, mapKeys: string[] = [key], strategy = "merge") {
  return {
    type: "array",
    items: ref(item),
    "x-kubernetes-patch-merge-key": key,
    "x-kubernetes-patch-strategy": strategy,
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": mapKeys,
  };
}

export const POD = core("Pod");
export const SERVICE = core("Service");
export const DEPLOYMENT = "io.k8s.api.apps.v1.Deployment";

export const testDefinitions: Record<string, unknown> = {
  [POD]: { type: "object", properties: { apiVersion: str, kind: str, metadata: ref(meta("ObjectMeta")), spec: ref(core("PodSpec")), status: { type: "object" } } },
  [meta("ObjectMeta")]: {
    type: "object",
    properties: {
      name: str,
      namespace: str,
      uid: str,
      resourceVersion: str,
      generation: { type: "integer", format: "int64" },
      creationTimestamp: str,
      labels: strMap,
      annotations: strMap,
      finalizers: { ...strList, "x-kubernetes-patch-strategy": "merge", "x-kubernetes-list-type": "set" },
      ownerReferences: mergeList(meta("OwnerReference"), "uid"),
      managedFields: { type: "array", items: ref(meta("ManagedFieldsEntry")) },
    },
  },
  [meta("OwnerReference")]: {
    type: "object",
    properties: { apiVersion: str, kind: str, name: str, uid: str, controller: { type: "boolean" } },
    "x-kubernetes-map-type": "atomic",
  },
  [meta("ManagedFieldsEntry")]: { type: "object", properties: { manager: str, operation: str, apiVersion: str, time: str, fieldsType: str, fieldsV1: { type: "object" } } },
  [meta("LabelSelector")]: {
    type: "object",
    properties: { matchLabels: strMap, matchExpressions: { type: "array", items: { type: "object" }, "x-kubernetes-list-type": "atomic" } },
    "x-kubernetes-map-type": "atomic",
  },
  [core("PodSpec")]: {
    type: "object",
    properties: {
      containers: mergeList(core("Container"), "name"),
      initContainers: mergeList(core("Container"), "name"),
      volumes: mergeList(core("Volume"), "name", ["name"], "merge,retainKeys"),
      nodeSelector: { ...strMap, "x-kubernetes-map-type": "atomic" },
      tolerations: { type: "array", items: ref(core("Toleration")), "x-kubernetes-list-type": "atomic" },
      restartPolicy: str,
      serviceAccountName: str,
      terminationGracePeriodSeconds: int,
    },
  },
  [core("Toleration")]: { type: "object", properties: { key: str, operator: str, effect: str } },
  [core("Container")]: {
    type: "object",
    properties: {
      name: str,
      image: str,
      command: { ...strList, "x-kubernetes-list-type": "atomic" },
      args: { ...strList, "x-kubernetes-list-type": "atomic" },
      ports: mergeList(core("ContainerPort"), "containerPort", ["containerPort", "protocol"]),
      env: mergeList(core("EnvVar"), "name"),
      volumeMounts: mergeList(core("VolumeMount"), "mountPath"),
      resources: ref(core("ResourceRequirements")),
      imagePullPolicy: str,
    },
  },
  [core("ResourceRequirements")]: { type: "object", properties: { limits: strMap, requests: strMap } },
  [core("ContainerPort")]: { type: "object", properties: { name: str, containerPort: int, hostPort: int, protocol: { ...str, default: "TCP" } } },
  [core("EnvVar")]: { type: "object", properties: { name: str, value: str, valueFrom: ref(core("EnvVarSource")) } },
  [core("EnvVarSource")]: { type: "object", properties: { fieldRef: { type: "object", properties: { fieldPath: str } } } },
  [core("VolumeMount")]: { type: "object", properties: { name: str, mountPath: str, readOnly: { type: "boolean" } } },
  [core("Volume")]: {
    type: "object",
    properties: { name: str, configMap: { type: "object", properties: { name: str } }, emptyDir: { type: "object", properties: { medium: str } }, hostPath: { type: "object", properties: { path: str } } },
  },
  [SERVICE]: { type: "object", properties: { apiVersion: str, kind: str, metadata: ref(meta("ObjectMeta")), spec: ref(core("ServiceSpec")) } },
  [core("ServiceSpec")]: {
    type: "object",
    properties: {
      ports: mergeList(core("ServicePort"), "port", ["port", "protocol"]),
      selector: { ...strMap, "x-kubernetes-map-type": "atomic" },
      type: str,
      clusterIP: str,
    },
  },
  [core("ServicePort")]: { type: "object", properties: { name: str, port: int, protocol: { ...str, default: "TCP" }, targetPort: { type: "string", format: "int-or-string" } } },
  [DEPLOYMENT]: { type: "object", properties: { apiVersion: str, kind: str, metadata: ref(meta("ObjectMeta")), spec: ref("io.k8s.api.apps.v1.DeploymentSpec") } },
  "io.k8s.api.apps.v1.DeploymentSpec": {
    type: "object",
    properties: {
      replicas: int,
      selector: ref(meta("LabelSelector")),
      template: ref(core("PodTemplateSpec")),
      strategy: { ...ref("io.k8s.api.apps.v1.DeploymentStrategy"), "x-kubernetes-patch-strategy": "retainKeys" },
      paused: { type: "boolean" },
    },
  },
  "io.k8s.api.apps.v1.DeploymentStrategy": {
    type: "object",
    properties: { type: str, rollingUpdate: { type: "object", properties: { maxSurge: str, maxUnavailable: str } } },
  },
  [core("PodTemplateSpec")]: { type: "object", properties: { metadata: ref(meta("ObjectMeta")), spec: ref(core("PodSpec")) } },
};

export const testSchema: PatchSchema = schemaFromOpenApiDefinitions(testDefinitions);
