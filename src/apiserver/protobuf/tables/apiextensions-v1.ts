/** Upstream protobuf facts of apiextensions.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const apiextensionsV1Proto: ProtoPackage = {
  id: "apiextensions.v1",
  types: {
    ConversionRequest: "uid=1:str! desiredAPIVersion=2:str! objects=3:[]raw",
    ConversionResponse: "uid=1:str! convertedObjects=2:[]raw result=3:meta.v1.Status",
    ConversionReview: "request=1:ConversionRequest response=2:ConversionResponse",
    CustomResourceColumnDefinition: "name=1:str! type=2:str! format=3:str? description=4:str? priority=5:i32? jsonPath=6:str!",
    CustomResourceConversion: "strategy=1:str! webhook=2:WebhookConversion",
    CustomResourceDefinition: "metadata=1:meta.v1.ObjectMeta spec=2:CustomResourceDefinitionSpec status=3:CustomResourceDefinitionStatus",
    CustomResourceDefinitionCondition: "type=1:str! status=2:str! lastTransitionTime=3:time reason=4:str? message=5:str? observedGeneration=6:i64?",
    CustomResourceDefinitionList: "metadata=1:meta.v1.ListMeta items=2:[]CustomResourceDefinition",
    CustomResourceDefinitionNames: "plural=1:str! singular=2:str? shortNames=3:[]str kind=4:str! listKind=5:str? categories=6:[]str",
    CustomResourceDefinitionSpec: "group=1:str! names=3:CustomResourceDefinitionNames scope=4:str! versions=7:[]CustomResourceDefinitionVersion conversion=9:CustomResourceConversion preserveUnknownFields=10:bool?",
    CustomResourceDefinitionStatus: "conditions=1:[]CustomResourceDefinitionCondition acceptedNames=2:CustomResourceDefinitionNames storedVersions=3:[]str observedGeneration=4:i64?",
    CustomResourceDefinitionVersion: "name=1:str! served=2:bool! storage=3:bool! deprecated=7:bool? deprecationWarning=8:str schema=4:CustomResourceValidation subresources=5:CustomResourceSubresources additionalPrinterColumns=6:[]CustomResourceColumnDefinition selectableFields=9:[]SelectableField",
    CustomResourceSubresources: "status=1:CustomResourceSubresourceStatus scale=2:CustomResourceSubresourceScale",
    CustomResourceSubresourceScale: "specReplicasPath=1:str! statusReplicasPath=2:str! labelSelectorPath=3:str",
    CustomResourceSubresourceStatus: "",
    CustomResourceValidation: "openAPIV3Schema=1:JSONSchemaProps",
    ExternalDocumentation: "description=1:str? url=2:str?",
    JSONSchemaProps: "id=1:str? $schema=2:str? $ref=3:str description=4:str? type=5:str? format=6:str? title=7:str? default=8:json maximum=9:f64 exclusiveMaximum=10:bool? minimum=11:f64 exclusiveMinimum=12:bool? maxLength=13:i64 minLength=14:i64 pattern=15:str? maxItems=16:i64 minItems=17:i64 uniqueItems=18:bool? multipleOf=19:f64 enum=20:[]json maxProperties=21:i64 minProperties=22:i64 required=23:[]str items=24:schemaorarray allOf=25:[]JSONSchemaProps oneOf=26:[]JSONSchemaProps anyOf=27:[]JSONSchemaProps not=28:JSONSchemaProps properties=29:{}JSONSchemaProps additionalProperties=30:schemaorbool patternProperties=31:{}JSONSchemaProps dependencies=32:{}schemaorstrings additionalItems=33:schemaorbool definitions=34:{}JSONSchemaProps externalDocs=35:ExternalDocumentation example=36:json nullable=37:bool? x-kubernetes-preserve-unknown-fields=38:bool x-kubernetes-embedded-resource=39:bool? x-kubernetes-int-or-string=40:bool? x-kubernetes-list-map-keys=41:[]str x-kubernetes-list-type=42:str x-kubernetes-map-type=43:str x-kubernetes-validations=44:[]ValidationRule",
    SelectableField: "jsonPath=1:str!",
    ServiceReference: "namespace=1:str! name=2:str! path=3:str port=4:i32",
    ValidationRule: "rule=1:str! message=2:str? messageExpression=3:str? reason=4:str fieldPath=5:str? optionalOldSelf=6:bool",
    WebhookClientConfig: "url=3:str service=1:ServiceReference caBundle=2:bytes?",
    WebhookConversion: "clientConfig=2:WebhookClientConfig conversionReviewVersions=3:[]str",
  },
};
