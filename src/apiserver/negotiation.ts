/**
 * Accept-header negotiation for the forms upstream serves: plain JSON,
 * Tables, PartialObjectMetadata, aggregated discovery, YAML.
 */
export type ResponseForm = "json" | "yaml" | "table" | "partial" | "discovery-v2";

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [{ type: "*/*", params: {} }];
  return accept.split(",").map((part) => {
    const [type, ...ps] = part.trim().split(";");
    const params: Record<string, string> = {};
    for (const p of ps) {
      const i = p.indexOf("=");
      if (i > 0) params[p.slice(0, i).trim()] = p.slice(i + 1).trim();
    }
    return { type: type.trim().toLowerCase(), params };
  });
}

/** The first form the client accepts that this request can produce, or undefined (406). */
export function negotiate(accept: string | undefined, allowed: ResponseForm[]): ResponseForm | undefined {
  for (const r of parseAccept(accept)) {
    const form = formOf(r);
    if (form && allowed.includes(form)) return form;
    if (form === "json" && r.type === "*/*" && allowed.includes("json")) return "json";
  }
  return undefined;
}

function formOf(r: MediaRange): ResponseForm | undefined {
  const jsonish = r.type === "application/json" || r.type === "*/*" || r.type === "application/*";
  if (r.type === "application/yaml") return r.params.as ? undefined : "yaml";
  if (!jsonish) return undefined;
  const as = r.params.as;
  if (!as) return "json";
  if (as === "Table" && r.params.g === "meta.k8s.io" && (r.params.v === "v1" || r.params.v === "v1beta1")) return "table";
  if ((as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") && r.params.g === "meta.k8s.io" && (r.params.v === "v1" || r.params.v === "v1beta1")) return "partial";
  if (as === "APIGroupDiscoveryList" && r.params.g === "apidiscovery.k8s.io" && r.params.v === "v2") return "discovery-v2";
  return undefined;
}

export const DISCOVERY_V2_CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
