/**
 * namespaceSelector and objectSelector (upstream's namespace and object
 * matchers): the namespace's labels (a Namespace request is judged by its
 * own labels), and the labels of the new or the old object.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { selectorMatches } from "../../../api/validation/label-selector.js";
import type { KubeObject } from "../../../api/types.js";
import type { AdmissionRequestInfo } from "./request.js";

/** Labels of a namespace, from a cache; undefined when it does not exist. */
export type NamespaceLabels = (name: string) => Record<string, string> | undefined;

const isEmpty = (s: LabelSelector | undefined) => !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);

export function namespaceSelectorMatches(sel: LabelSelector | undefined, req: AdmissionRequestInfo, namespaceLabels: NamespaceLabels): boolean {
  if (isEmpty(sel)) return true;
  const { attrs } = req;
  if (attrs.resource.group === "" && attrs.resource.resource === "namespaces") {
    // The namespace itself: its labels as they will be, or were (deletes).
    if (!attrs.subresource || attrs.subresource === "status" || attrs.subresource === "finalize") {
      const o: KubeObject | undefined = attrs.object ?? attrs.oldObject;
      return selectorMatches(sel, o?.metadata.labels ?? {});
    }
  }
  // Cluster-scoped resources are not in any namespace: the selector does not apply.
  if (!req.namespaced || !attrs.namespace) return true;
  return selectorMatches(sel, namespaceLabels(attrs.namespace) ?? {});
}

export function objectSelectorMatches(sel: LabelSelector | undefined, req: AdmissionRequestInfo): boolean {
  if (isEmpty(sel)) return true;
  const { object, oldObject } = req.attrs;
  return [object, oldObject].some((o) => !!o && selectorMatches(sel, o.metadata?.labels ?? {}));
}
