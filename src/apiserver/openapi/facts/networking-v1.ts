/** Upstream field facts of io.k8s.api.networking.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const networkingV1Facts: PackageFacts = {
  package: "io.k8s.api.networking.v1",
  types: {
    HTTPIngressRuleValue: "paths=list:atomic",
    IPBlock: "except=list:atomic",
    IngressLoadBalancerIngress: "ports=list:atomic",
    IngressLoadBalancerStatus: "ingress=list:atomic",
    IngressSpec: "rules=list:atomic tls=list:atomic",
    IngressTLS: "hosts=list:atomic",
    NetworkPolicyEgressRule: "ports=list:atomic to=list:atomic",
    NetworkPolicyIngressRule: "from=list:atomic ports=list:atomic",
    NetworkPolicySpec: "egress=list:atomic ingress=list:atomic policyTypes=list:atomic",
    ServiceBackendPort: "@map:atomic",
    ServiceCIDRSpec: "cidrs=list:atomic",
    ServiceCIDRStatus: "conditions=patch:merge;key:type;list:map:type",
  },
};
