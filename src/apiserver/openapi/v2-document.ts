/** The /openapi/v2 document: every served operation and the definitions they reach. */
import type { ResourceDefinition } from "../../api/types.js";
import type { Schema } from "./schema.js";
import { referencedDefinitions } from "./closure.js";
import { resourcePaths, type PathItem } from "./operations.js";

export interface SwaggerDocument {
  swagger: "2.0";
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  definitions: Record<string, Schema>;
  securityDefinitions: Record<string, { description: string; type: "apiKey"; name: string; in: "header" }>;
  security: Record<string, string[]>[];
}

export const BEARER_TOKEN = { description: "Bearer Token authentication", type: "apiKey", name: "authorization", in: "header" } as const;

/** Paths of many resources, sorted by path as upstream serves them. */
export function pathsOf(resources: ResourceDefinition[], definitions: Record<string, Schema>): Record<string, PathItem> {
  const all: Record<string, PathItem> = {};
  for (const r of resources) Object.assign(all, resourcePaths(r, definitions));
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function buildV2Document(resources: ResourceDefinition[], definitions: Record<string, Schema>, version: string): SwaggerDocument {
  const paths = pathsOf(resources, definitions);
  const defs: Record<string, Schema> = {};
  for (const name of referencedDefinitions(paths, definitions)) defs[name] = definitions[name]!;
  return {
    swagger: "2.0",
    info: { title: "Kubernetes", version },
    paths,
    definitions: defs,
    securityDefinitions: { BearerToken: BEARER_TOKEN },
    security: [{ BearerToken: [] }],
  };
}
