import type { ResourceDefinition } from "../types.js";
import { mutatingwebhookconfigurations, validatingwebhookconfigurations } from "./webhook-configurations.js";
import { validatingadmissionpolicies, validatingadmissionpolicybindings } from "./validating-admission-policies.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [mutatingwebhookconfigurations, validatingadmissionpolicies, validatingadmissionpolicybindings, validatingwebhookconfigurations];
export type { MutatingWebhookConfigurationObject, ValidatingWebhookConfigurationObject } from "./webhook-configurations.js";
export type { ValidatingAdmissionPolicyObject, ValidatingAdmissionPolicyBindingObject } from "./validating-admission-policies.js";
export { ADMISSION_REVIEW_VERSIONS } from "./webhook-configurations.js";
