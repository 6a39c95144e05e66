/**
 * GET and LIST of a resource computed on each read (ResourceDefinition.computed):
 * nothing is stored, so there is no resourceVersion; selectors still apply.
 */
import { notFound } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import type { ApiRequest, ApiResponse } from "../http/types.js";
import type { ResourceRegistry } from "../registry/registry.js";
import { objectFields } from "../registry/selectable-fields.js";
import type { LabelSelector } from "../selection/labels.js";
import type { FieldSelector } from "../selection/fields.js";
import { encodeList, encodeObject, responseForm } from "./encode.js";

export async function serveComputed(
  reg: ResourceRegistry,
  verb: "get" | "list",
  name: string | undefined,
  req: ApiRequest,
  selectors: () => { labels: LabelSelector; fields: FieldSelector },
  now: number,
): Promise<ApiResponse> {
  const ctx = reg.hookContext({ dryRun: false, user: req.user });
  const items: KubeObject[] = (await reg.def.computed!.list(ctx)).map((o) => ({ ...o, apiVersion: reg.apiVersion, kind: reg.def.kind }));
  const form = responseForm(req.headers.accept);
  if (verb === "get") {
    const found = items.find((o) => o.metadata.name === name);
    if (!found) throw notFound(reg.gr, name ?? "");
    return encodeObject(reg.def, found, form, req.query, now);
  }
  const { labels, fields } = selectors();
  const selected = items.filter((o) => labels.matches(o.metadata.labels) && fields.matches(objectFields(reg.def, o)));
  return encodeList(reg.def, reg.apiVersion, selected, { resourceVersion: "" }, form, req.query, now);
}
