/** Upstream field facts of io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const apiextensionsV1Facts: PackageFacts = {
  package: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1",
  types: {
    CustomResourceColumnDefinition: "jsonPath=default:\"\" name=default:\"\" type=default:\"\"",
    CustomResourceConversion: "strategy=default:\"\"",
    CustomResourceDefinition: "metadata=default:{} spec=default:{} status=default:{}",
    CustomResourceDefinitionCondition: "lastTransitionTime=default:{} status=default:\"\" type=default:\"\"",
    CustomResourceDefinitionList: "metadata=default:{}",
    CustomResourceDefinitionNames: "categories=list:atomic kind=default:\"\" plural=default:\"\" shortNames=list:atomic",
    CustomResourceDefinitionSpec: "group=default:\"\" names=default:{} scope=default:\"\" versions=list:atomic",
    CustomResourceDefinitionStatus: "acceptedNames=default:{} conditions=list:map:type storedVersions=list:atomic",
    CustomResourceDefinitionVersion: "additionalPrinterColumns=list:atomic name=default:\"\" selectableFields=list:atomic served=default:false storage=default:false",
    CustomResourceSubresourceScale: "specReplicasPath=default:\"\" statusReplicasPath=default:\"\"",
    JSONSchemaProps: "allOf=list:atomic anyOf=list:atomic enum=list:atomic maxItems=int64 maxLength=int64 maxProperties=int64 maximum=double minItems=int64 minLength=int64 minProperties=int64 minimum=double multipleOf=double oneOf=list:atomic required=list:atomic",
    ServiceReference: "name=default:\"\" namespace=default:\"\"",
    ValidationRule: "rule=default:\"\"",
    WebhookClientConfig: "caBundle=byte",
    WebhookConversion: "conversionReviewVersions=list:atomic",
  },
};
