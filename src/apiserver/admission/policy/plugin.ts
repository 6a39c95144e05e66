/**
 * ValidatingAdmissionPolicy (upstream's plugin of that name): for every
 * binding whose policy and match resources cover the request, the
 * policy's validations run with each parameter object the binding names;
 * failures are enforced as the binding's validationActions say: Deny
 * refuses the request (Invalid by default, as upstream), Warn adds a
 * Warning header, Audit is recorded in the server log.
 */
import type { ValidatingAdmissionPolicyBinding } from "kubernetes-types/admissionregistration/v1.js";
import { ApiError, type StatusReason } from "../../../api/errors.js";
import type { KubeObject } from "../../../api/types.js";
import { selectorMatches } from "../../../api/validation/label-selector.js";
import { addAuditAnnotation, addWarning, type AdmissionAttributes, type AdmissionPlugin } from "../types.js";
import { conditionBindings, evaluateMatchConditions } from "../webhook/match-conditions.js";
import { admissionRequest } from "../webhook/review.js";
import { isExemptConfigurationResource, requestInfo, type AdmissionRequestInfo } from "../webhook/request.js";
import type { EquivalentResources } from "../webhook/rules.js";
import type { NamespaceLabels } from "../webhook/selectors.js";
import type { CompiledPolicy } from "./compile.js";
import { auditAnnotationValues, policyBindings, validate, withVariables, type Failure } from "./evaluate.js";
import { matchResources } from "./match.js";

export type BindingObject = ValidatingAdmissionPolicyBinding & KubeObject;

export interface PolicySet {
  policies: ReadonlyMap<string, CompiledPolicy>;
  bindings: readonly BindingObject[];
}

export interface ParamResource {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
}

export interface PolicyDeps {
  namespaceLabels: NamespaceLabels;
  namespaceObject(name: string): Promise<KubeObject | undefined>;
  equivalents?: EquivalentResources;
  resourceForKind(apiVersion: string, kind: string): ParamResource | undefined;
  paramObject(r: ParamResource, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  paramObjects(r: ParamResource, namespace: string | undefined): Promise<KubeObject[]>;
  log?: (msg: string) => void;
}

interface Decision extends Failure {
  policy: string;
  binding: string;
  actions: readonly string[];
}

const REASON_CODES: Record<string, number> = { Unauthorized: 401, Forbidden: 403, Invalid: 422, RequestEntityTooLarge: 413 };

/** Upstream's admission.NewForbidden text with the policy's reason and code, the message also as a cause. */
function denial(attrs: AdmissionAttributes, d: Decision): ApiError {
  const message = `ValidatingAdmissionPolicy '${d.policy}' with binding '${d.binding}' denied request: ${d.message}`;
  const gr = attrs.resource.group ? `${attrs.resource.resource}.${attrs.resource.group}` : attrs.resource.resource;
  const reason = d.reason || "Invalid";
  return new ApiError(REASON_CODES[reason] ?? 422, reason as StatusReason, `${gr} "${attrs.name}" is forbidden: ${message}`, {
    name: attrs.name,
    group: attrs.resource.group || undefined,
    kind: attrs.resource.resource,
    causes: [{ message }],
  });
}

/** The parameter objects a binding names for this request; undefined when the binding is misconfigured (with why). */
async function paramsFor(policy: CompiledPolicy, binding: BindingObject, req: AdmissionRequestInfo, deps: PolicyDeps): Promise<{ params: (KubeObject | null)[] } | { error: string }> {
  const kind = policy.policy.spec?.paramKind;
  if (!kind) return { params: [null] };
  const ref = binding.spec?.paramRef;
  if (!ref) return { error: `no paramRef in binding ${binding.metadata.name}, required by paramKind ${kind.apiVersion}/${kind.kind}` };
  const r = deps.resourceForKind(kind.apiVersion ?? "", kind.kind ?? "");
  if (!r) return { error: `failed to find resource referenced by paramKind: '${kind.apiVersion}, Kind=${kind.kind}'` };
  let namespace: string | undefined;
  if (r.namespaced) {
    namespace = ref.namespace || req.attrs.namespace;
    if (!namespace) return { error: "cannot use an unnamespaced paramRef for a namespaced paramKind on a cluster-scoped request" };
  }
  if (ref.name) {
    const p = await deps.paramObject(r, namespace, ref.name);
    return { params: p ? [p] : [] };
  }
  const all = await deps.paramObjects(r, namespace);
  return { params: all.filter((o) => selectorMatches(ref.selector ?? {}, o.metadata.labels ?? {})) };
}

export function createValidatingAdmissionPolicy(current: () => Promise<PolicySet>, deps: PolicyDeps): AdmissionPlugin {
  return {
    name: "ValidatingAdmissionPolicy",
    async validate(attrs) {
      const req = requestInfo(attrs);
      if (isExemptConfigurationResource(req.resource)) return;
      const set = await current();
      if (!set.bindings.length) return;
      const decisions: Decision[] = [];
      let namespaceObject: KubeObject | undefined | null = null;
      const annotations = new Map<string, string>();
      for (const binding of set.bindings) {
        const policy = set.policies.get(binding.spec?.policyName ?? "");
        if (!policy) continue;
        const spec = policy.policy.spec ?? {};
        const match = matchResources(spec.matchConstraints, req, deps.namespaceLabels, deps.equivalents, true);
        if (!match) continue;
        if (binding.spec?.matchResources && !matchResources(binding.spec.matchResources, req, deps.namespaceLabels, deps.equivalents, false)) continue;
        const failClosed = spec.failurePolicy !== "Ignore";
        const base = { policy: policy.name, binding: binding.metadata.name!, actions: binding.spec?.validationActions ?? [] };
        const found = await paramsFor(policy, binding, req, deps);
        if ("error" in found) {
          if (failClosed) decisions.push({ ...base, message: found.error, reason: "Invalid", expressionIndex: 0 });
          continue;
        }
        if (!found.params.length) {
          if (binding.spec?.paramRef?.parameterNotFoundAction !== "Allow") decisions.push({ ...base, message: "no params found for policy binding with `Deny` parameterNotFoundAction", reason: "Invalid", expressionIndex: 0 });
          continue;
        }
        if (namespaceObject === null) namespaceObject = attrs.namespace ? await deps.namespaceObject(attrs.namespace) : undefined;
        const request = admissionRequest("", req, match, attrs.object);
        for (const params of found.params) {
          const bindings = policyBindings({ object: request.object, oldObject: request.oldObject, request, params, namespaceObject });
          if (policy.conditions.length) {
            const outcome = evaluateMatchConditions(policy.conditions, bindings);
            if ("error" in outcome) {
              if (failClosed) decisions.push({ ...base, message: outcome.error, reason: "Invalid", expressionIndex: 0 });
              continue;
            }
            if (!outcome.matches) continue;
          }
          const scope = withVariables(policy, bindings);
          for (const f of validate(policy, scope, failClosed)) decisions.push({ ...base, ...f });
          for (const [k, v] of auditAnnotationValues(policy, scope)) annotations.set(k, v);
        }
      }
      const audited: { message: string; policy: string; binding: string; expressionIndex: number; validationActions: readonly string[] }[] = [];
      for (const d of decisions) {
        if (d.actions.includes("Warn")) addWarning(attrs, `Validation failed for ValidatingAdmissionPolicy '${d.policy}' with binding '${d.binding}': ${d.message}`);
        if (d.actions.includes("Audit")) audited.push({ message: d.message, policy: d.policy, binding: d.binding, expressionIndex: d.expressionIndex, validationActions: d.actions });
      }
      // upstream's ValidationFailureAnnotation: every audited failure, as JSON.
      if (audited.length) addAuditAnnotation(attrs, "validation.policy.admission.k8s.io/validation_failure", JSON.stringify(audited));
      for (const [k, v] of annotations) addAuditAnnotation(attrs, k, v);
      const denied = decisions.find((d) => d.actions.includes("Deny"));
      if (denied) throw denial(attrs, denied);
    },
  };
}
