/** Every package table of built-in protobuf facts. */
import type { ProtoPackage } from "../fact-table.js";
import { admissionregistrationV1Proto } from "./admissionregistration-v1.js";
import { apiextensionsV1Proto } from "./apiextensions-v1.js";
import { appsV1Proto } from "./apps-v1.js";
import { authenticationV1Proto } from "./authentication-v1.js";
import { authorizationV1Proto } from "./authorization-v1.js";
import { autoscalingV1Proto } from "./autoscaling-v1.js";
import { autoscalingV2Proto } from "./autoscaling-v2.js";
import { batchV1Proto } from "./batch-v1.js";
import { certificatesV1Proto } from "./certificates-v1.js";
import { coordinationV1Proto } from "./coordination-v1.js";
import { coreV1Proto } from "./core-v1.js";
import { discoveryV1Proto } from "./discovery-v1.js";
import { eventsV1Proto } from "./events-v1.js";
import { flowcontrolV1Proto } from "./flowcontrol-v1.js";
import { metaV1Proto } from "./meta-v1.js";
import { networkingV1Proto } from "./networking-v1.js";
import { nodeV1Proto } from "./node-v1.js";
import { policyV1Proto } from "./policy-v1.js";
import { rbacV1Proto } from "./rbac-v1.js";
import { resourceV1Proto } from "./resource-v1.js";
import { schedulingV1Proto } from "./scheduling-v1.js";
import { storageV1Proto } from "./storage-v1.js";

export const allProtoPackages: ProtoPackage[] = [
  admissionregistrationV1Proto,
  apiextensionsV1Proto,
  appsV1Proto,
  authenticationV1Proto,
  authorizationV1Proto,
  autoscalingV1Proto,
  autoscalingV2Proto,
  batchV1Proto,
  certificatesV1Proto,
  coordinationV1Proto,
  coreV1Proto,
  discoveryV1Proto,
  eventsV1Proto,
  flowcontrolV1Proto,
  metaV1Proto,
  networkingV1Proto,
  nodeV1Proto,
  policyV1Proto,
  rbacV1Proto,
  resourceV1Proto,
  schedulingV1Proto,
  storageV1Proto,
];
