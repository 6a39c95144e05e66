/** Upstream field facts of io.k8s.api.networking.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const networkingV1Facts: PackageFacts = {
  package: "io.k8s.api.networking.v1",
  types: {
    HTTPIngressPath: "backend=default:{}",
    HTTPIngressRuleValue: "paths=list:atomic",
    IPBlock: "cidr=default:\"\" except=list:atomic",
    Ingress: "metadata=default:{} spec=default:{} status=default:{}",
    IngressClass: "metadata=default:{} spec=default:{}",
    IngressClassList: "metadata=default:{}",
    IngressClassParametersReference: "kind=default:\"\" name=default:\"\"",
    IngressList: "metadata=default:{}",
    IngressLoadBalancerIngress: "ports=list:atomic",
    IngressLoadBalancerStatus: "ingress=list:atomic",
    IngressPortStatus: "port=default:0 protocol=default:\"\"",
    IngressServiceBackend: "name=default:\"\" port=default:{}",
    IngressSpec: "rules=list:atomic tls=list:atomic",
    IngressStatus: "loadBalancer=default:{}",
    IngressTLS: "hosts=list:atomic",
    NetworkPolicy: "metadata=default:{} spec=default:{}",
    NetworkPolicyEgressRule: "ports=list:atomic to=list:atomic",
    NetworkPolicyIngressRule: "from=list:atomic ports=list:atomic",
    NetworkPolicyList: "metadata=default:{}",
    NetworkPolicySpec: "egress=list:atomic ingress=list:atomic podSelector=default:{} policyTypes=list:atomic",
    ServiceBackendPort: "@map:atomic",
    ServiceCIDRSpec: "cidrs=list:atomic",
    ServiceCIDRStatus: "conditions=patch:merge;key:type;list:map:type",
  },
};
