/** Query parameters shared by the write verbs, validated as upstream. */
import { ApiError, badRequest } from "../../api/errors.js";
import type { UserInfo } from "../../api/types.js";
import type { FieldValidation, WriteOptions } from "../registry/types.js";

export function writeOptions(query: URLSearchParams, headers: Record<string, string | undefined>, user: UserInfo | undefined, verb: "create" | "update" | "patch" | "delete"): WriteOptions {
  const dry = query.getAll("dryRun");
  for (const d of dry) {
    if (d !== "All") throw new ApiError(400, "BadRequest", `Invalid dryRun value: dryRun: Unsupported value: "${d}": supported values: "All"`);
  }
  const fv = query.get("fieldValidation") ?? "Warn";
  if (!["Strict", "Warn", "Ignore"].includes(fv)) {
    throw badRequest(`fieldValidation parameter unsupported: ${fv}. Expected one of: Strict, Warn, Ignore`);
  }
  const manager = query.get("fieldManager") ?? defaultManager(headers["user-agent"]);
  if (manager.length > 128) throw badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
  return { dryRun: dry.length > 0, fieldValidation: (verb === "delete" ? "Ignore" : fv) as FieldValidation, fieldManager: manager, user };
}

/** Upstream names an unnamed manager after the User-Agent's program name ("kubectl-client-side-apply" etc.). */
export function defaultManager(userAgent: string | undefined): string {
  if (!userAgent) return "unknown";
  const first = userAgent.split("/")[0];
  return first.slice(0, 128) || "unknown";
}

export function parseIntParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`${name}: Invalid value: "${v}": must be an integer`);
  return n;
}
