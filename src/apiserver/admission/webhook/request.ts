/**
 * What dynamic admission knows about a request: the admission attributes
 * with the version served and the scope, as upstream's
 * admission.Attributes plus the resolved GroupVersionResource/Kind.
 */
import type { KubeObject } from "../../../api/types.js";
import type { AdmissionAttributes } from "../types.js";

export interface GVR {
  group: string;
  version: string;
  resource: string;
}

export interface GVK {
  group: string;
  version: string;
  kind: string;
}

export interface AdmissionRequestInfo {
  attrs: AdmissionAttributes;
  resource: GVR;
  kind: GVK;
  subresource: string;
  namespaced: boolean;
}

/** The version of the object the request carries (or deletes): the version the client asked for. */
function versionOf(attrs: AdmissionAttributes): string {
  const o: KubeObject | undefined = attrs.object ?? attrs.oldObject;
  const av = o?.apiVersion ?? "";
  const slash = av.lastIndexOf("/");
  return slash < 0 ? av : av.slice(slash + 1);
}

export function requestInfo(attrs: AdmissionAttributes): AdmissionRequestInfo {
  const version = versionOf(attrs);
  return {
    attrs,
    resource: { group: attrs.resource.group, version, resource: attrs.resource.resource },
    kind: { group: attrs.resource.group, version, kind: attrs.kind },
    subresource: attrs.subresource ?? "",
    namespaced: !!attrs.namespace,
  };
}

/** Upstream's IsExemptAdmissionConfigurationResource: admission configuration never goes to webhooks or policies. */
export function isExemptConfigurationResource(r: GVR): boolean {
  return (
    r.group === "admissionregistration.k8s.io" &&
    ["validatingwebhookconfigurations", "mutatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings"].includes(r.resource)
  );
}
