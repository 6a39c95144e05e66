/**
 * The ConversionReview exchange (apiextensions.k8s.io/v1, or v1beta1 where
 * the CRD lists only that): the request the API server sends, and the
 * checks upstream makes of the review that comes back before it looks at
 * the converted objects.
 */
import type { KubeObject } from "../../api/types.js";

const REVIEW_GROUP = "apiextensions.k8s.io";
const SUPPORTED = new Set(["v1", "v1beta1"]);

export interface ConversionReviewRequest {
  kind: "ConversionReview";
  apiVersion: string;
  request: { uid: string; desiredAPIVersion: string; objects: KubeObject[] };
  response: { uid: string; convertedObjects: null; result: { metadata: Record<string, never> } };
}

/** The first of the CRD's conversionReviewVersions that Skiff speaks, as upstream picks it. */
export function pickReviewVersion(conversionReviewVersions: readonly string[] | undefined): string {
  for (const v of conversionReviewVersions ?? []) if (SUPPORTED.has(v)) return v;
  throw new Error("no supported conversion review versions");
}

export function buildReview(version: string, uid: string, desiredAPIVersion: string, objects: KubeObject[]): ConversionReviewRequest {
  return {
    kind: "ConversionReview",
    apiVersion: `${REVIEW_GROUP}/${version}`,
    request: { uid, desiredAPIVersion, objects },
    // An empty response, as upstream's request carries one.
    response: { uid: "", convertedObjects: null, result: { metadata: {} } },
  };
}

/**
 * The converted objects of a decoded review; throws with upstream's
 * wording (the caller adds "conversion webhook for <gvk> returned invalid response: ").
 */
export function convertedObjectsOf(review: unknown, version: string, expectedUID: string): unknown[] {
  const r = isRecord(review) ? review : {};
  const wantGVK = `${REVIEW_GROUP}/${version}, Kind=ConversionReview`;
  const gotGVK = gvkString(r.apiVersion, r.kind);
  if (gotGVK !== wantGVK) throw new Error(`expected webhook response of ${wantGVK}, got ${gotGVK}`);
  const response = r.response;
  if (!isRecord(response)) throw new Error("no response provided");
  const uid = typeof response.uid === "string" ? response.uid : "";
  if (uid !== expectedUID) throw new Error(`expected response.uid=${JSON.stringify(expectedUID)}, got ${JSON.stringify(uid)}`);
  const result = isRecord(response.result) ? response.result : {};
  const status = typeof result.status === "string" ? result.status : "";
  if (status !== "Success") {
    const message = typeof result.message === "string" ? result.message : "";
    throw new Error(message || `response.result.status was '${status}', not 'Success'`);
  }
  return Array.isArray(response.convertedObjects) ? response.convertedObjects : [];
}

/** schema.GroupVersionKind's String(): "group/version, Kind=Kind" ("/v1, Kind=X" for the core group). */
export function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === "string" ? apiVersion : "";
  const k = typeof kind === "string" ? kind : "";
  const slash = av.indexOf("/");
  const group = slash < 0 ? "" : av.slice(0, slash);
  const version = slash < 0 ? av : av.slice(slash + 1);
  return `${group}/${version}, Kind=${k}`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
