/**
 * Boolean query parameters (watch, allowWatchBookmarks, sendInitialEvents,
 * force, orphanDependents, ...) read as upstream's parameter codec reads
 * them (runtime.Convert_Slice_string_To_bool): absent is false; "0" and
 * "false" in any letter case are false; any other value, the empty one
 * included, is true. Upstream never rejects a boolean query value.
 */

/** The parameter's first value as a boolean; false when absent. */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  return optionalQueryFlag(query, name) ?? false;
}

/** As queryFlag, but undefined when the parameter is absent (upstream's *bool options). */
export function optionalQueryFlag(query: URLSearchParams, name: string): boolean | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  return !(v === "0" || v.toLowerCase() === "false");
}
