/** Upstream field facts of io.k8s.api.apps.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const appsV1Facts: PackageFacts = {
  package: "io.k8s.api.apps.v1",
  types: {
    ControllerRevision: "data=default:{} metadata=default:{} revision=int64;default:0",
    ControllerRevisionList: "metadata=default:{}",
    DaemonSet: "metadata=default:{} spec=default:{} status=default:{}",
    DaemonSetCondition: "lastTransitionTime=default:{} status=default:\"\" type=default:\"\"",
    DaemonSetList: "metadata=default:{}",
    DaemonSetSpec: "template=default:{} updateStrategy=default:{}",
    DaemonSetStatus: "conditions=patch:merge;key:type;list:map:type currentNumberScheduled=default:0 desiredNumberScheduled=default:0 numberMisscheduled=default:0 numberReady=default:0 observedGeneration=int64",
    Deployment: "metadata=default:{} spec=default:{} status=default:{}",
    DeploymentCondition: "lastTransitionTime=default:{} lastUpdateTime=default:{} status=default:\"\" type=default:\"\"",
    DeploymentList: "metadata=default:{}",
    DeploymentSpec: "strategy=patch:retainKeys;default:{} template=default:{}",
    DeploymentStatus: "conditions=patch:merge;key:type;list:map:type observedGeneration=int64",
    ReplicaSet: "metadata=default:{} spec=default:{} status=default:{}",
    ReplicaSetCondition: "lastTransitionTime=default:{} status=default:\"\" type=default:\"\"",
    ReplicaSetList: "metadata=default:{}",
    ReplicaSetSpec: "template=default:{}",
    ReplicaSetStatus: "conditions=patch:merge;key:type;list:map:type observedGeneration=int64 replicas=default:0",
    StatefulSet: "metadata=default:{} spec=default:{} status=default:{}",
    StatefulSetCondition: "lastTransitionTime=default:{} status=default:\"\" type=default:\"\"",
    StatefulSetList: "metadata=default:{}",
    StatefulSetOrdinals: "start=default:0",
    StatefulSetSpec: "serviceName=default:\"\" template=default:{} updateStrategy=default:{} volumeClaimTemplates=list:atomic",
    StatefulSetStatus: "availableReplicas=default:0 conditions=patch:merge;key:type;list:map:type observedGeneration=int64 replicas=default:0",
  },
};
