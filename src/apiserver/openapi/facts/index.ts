/** Every package's upstream field facts. */
import type { PackageFacts } from "./field-facts.js";
import { admissionregistrationV1Facts } from "./admissionregistration-v1.js";
import { admissionregistrationV1alpha1Facts } from "./admissionregistration-v1alpha1.js";
import { admissionregistrationV1beta1Facts } from "./admissionregistration-v1beta1.js";
import { apiextensionsV1Facts } from "./apiextensions-v1.js";
import { apiserverinternalV1alpha1Facts } from "./apiserverinternal-v1alpha1.js";
import { appsV1Facts } from "./apps-v1.js";
import { authenticationV1Facts } from "./authentication-v1.js";
import { authorizationV1Facts } from "./authorization-v1.js";
import { autoscalingV1Facts } from "./autoscaling-v1.js";
import { autoscalingV2Facts } from "./autoscaling-v2.js";
import { batchV1Facts } from "./batch-v1.js";
import { certificatesV1Facts } from "./certificates-v1.js";
import { coordinationV1Facts } from "./coordination-v1.js";
import { coreV1Facts } from "./core-v1.js";
import { discoveryV1Facts } from "./discovery-v1.js";
import { eventsV1Facts } from "./events-v1.js";
import { flowcontrolV1Facts } from "./flowcontrol-v1.js";
import { flowcontrolV1beta3Facts } from "./flowcontrol-v1beta3.js";
import { metaV1Facts } from "./meta-v1.js";
import { networkingV1Facts } from "./networking-v1.js";
import { nodeV1Facts } from "./node-v1.js";
import { policyV1Facts } from "./policy-v1.js";
import { rbacV1Facts } from "./rbac-v1.js";
import { resourceV1Facts } from "./resource-v1.js";
import { schedulingV1Facts } from "./scheduling-v1.js";
import { storageV1Facts } from "./storage-v1.js";

export const allFacts: PackageFacts[] = [
  admissionregistrationV1Facts,
  admissionregistrationV1alpha1Facts,
  admissionregistrationV1beta1Facts,
  apiextensionsV1Facts,
  apiserverinternalV1alpha1Facts,
  appsV1Facts,
  authenticationV1Facts,
  authorizationV1Facts,
  autoscalingV1Facts,
  autoscalingV2Facts,
  batchV1Facts,
  certificatesV1Facts,
  coordinationV1Facts,
  coreV1Facts,
  discoveryV1Facts,
  eventsV1Facts,
  flowcontrolV1Facts,
  flowcontrolV1beta3Facts,
  metaV1Facts,
  networkingV1Facts,
  nodeV1Facts,
  policyV1Facts,
  rbacV1Facts,
  resourceV1Facts,
  schedulingV1Facts,
  storageV1Facts,
];
