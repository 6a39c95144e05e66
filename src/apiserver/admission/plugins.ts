/**
 * The admission plugins Skiff knows, in upstream kube-apiserver's order
 * (pkg/kubeapiserver/options/plugins.go), which ones are on by default,
 * and the chain built from --enable-admission-plugins and
 * --disable-admission-plugins. The order is fixed whatever the flags list.
 */
import type { AdmissionMetrics } from "./metrics.js";
import { createAdmissionChain, type AdmissionChain, type AdmissionPlugin } from "./types.js";

export const ORDERED_PLUGINS = [
  "NamespaceLifecycle",
  "LimitRanger",
  "ServiceAccount",
  "NodeRestriction",
  "TaintNodesByCondition",
  "PodSecurity",
  "Priority",
  "DefaultTolerationSeconds",
  "DefaultStorageClass",
  "PersistentVolumeClaimResize",
  "RuntimeClass",
  "CertificateApproval",
  "CertificateSigning",
  "CertificateSubjectRestriction",
  "DefaultIngressClass",
  // Webhooks, policies and quota go last, as upstream.
  "MutatingAdmissionWebhook",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionWebhook",
  "ResourceQuota",
] as const;

export type PluginName = (typeof ORDERED_PLUGINS)[number];

export interface AdmissionPluginFlags {
  /** --enable-admission-plugins: plugins to turn on besides the default ones. */
  enable?: string[];
  /** --disable-admission-plugins: plugins to turn off, default ones included. */
  disable?: string[];
}

/** The enabled plugin names in execution order; throws upstream's errors for unknown or overlapping names. */
export function enabledPluginNames(flags: AdmissionPluginFlags = {}): PluginName[] {
  const enable = new Set(flags.enable ?? []);
  const disable = new Set(flags.disable ?? []);
  const known = new Set<string>(ORDERED_PLUGINS);
  const errs: string[] = [];
  for (const n of enable) if (!known.has(n)) errs.push(`enable-admission-plugins plugin "${n}" is unknown`);
  for (const n of disable) if (!known.has(n)) errs.push(`disable-admission-plugins plugin "${n}" is unknown`);
  const both = [...enable].filter((n) => disable.has(n)).sort();
  if (both.length) errs.push(`[${both.join(" ")}] in enable-admission-plugins and disable-admission-plugins overlapped`);
  if (errs.length) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`);
  // Every plugin listed is on by default: upstream's default-on set, plus NodeRestriction, which kubeadm enables.
  return ORDERED_PLUGINS.filter((n) => !disable.has(n));
}

/**
 * The chain of the enabled plugins, in upstream's order. A plugin enabled
 * but not provided (its part of the server is not configured) is skipped.
 */
export function buildAdmissionChain(enabled: readonly string[], plugins: Partial<Record<PluginName, AdmissionPlugin>>, metrics?: AdmissionMetrics): AdmissionChain {
  const chosen = enabled.map((n) => plugins[n as PluginName]).filter((p): p is AdmissionPlugin => p !== undefined);
  return metrics ? metrics.chain(chosen) : createAdmissionChain(chosen);
}
