/** Upstream field facts of io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const apiextensionsV1Facts: PackageFacts = {
  package: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1",
  types: {
    CustomResourceDefinitionNames: "categories=list:atomic shortNames=list:atomic",
    CustomResourceDefinitionSpec: "versions=list:atomic",
    CustomResourceDefinitionStatus: "conditions=list:map:type storedVersions=list:atomic",
    CustomResourceDefinitionVersion: "additionalPrinterColumns=list:atomic selectableFields=list:atomic",
    JSONSchemaProps: "allOf=list:atomic anyOf=list:atomic enum=list:atomic maxItems=int64 maxLength=int64 maxProperties=int64 maximum=double minItems=int64 minLength=int64 minProperties=int64 minimum=double multipleOf=double oneOf=list:atomic required=list:atomic",
    WebhookClientConfig: "caBundle=byte",
    WebhookConversion: "conversionReviewVersions=list:atomic",
  },
};
