/**
 * Paths of connect subresources (pods/exec, attach, portforward, log,
 * nodes/proxy) as upstream's OpenAPI has them: query parameters instead of
 * a body, a string response, operationIds `connectCoreV1PostNamespacedPodExec`,
 * `readCoreV1NamespacedPodLog`, `connectCoreV1GetNodeProxyWithPath`.
 */
import type { ResourceDefinition, SubresourceSpec } from "../../api/types.js";
import { params, type Parameter } from "./parameters.js";
import type { Method, Operation, PathItem } from "./operations.js";

const q = (name: string, type: Parameter["type"], description: string): Parameter => ({ name, in: "query", description, type, uniqueItems: true });

const STREAM_PARAMS: Record<string, Parameter> = {
  command: q("command", "string", "Command is the remote command to execute. argv array. Not executed within a shell."),
  container: q("container", "string", "The container in which to execute the command. Defaults to only container if there is only one container in the pod."),
  stderr: q("stderr", "boolean", "Redirect the standard error stream of the pod for this call."),
  stdin: q("stdin", "boolean", "Redirect the standard input stream of the pod for this call. Defaults to false."),
  stdout: q("stdout", "boolean", "Redirect the standard output stream of the pod for this call."),
  tty: q("tty", "boolean", "TTY if true indicates that a tty will be allocated for the exec call. Defaults to false."),
  ports: { name: "ports", in: "query", description: "List of ports to forward Required when using WebSockets", type: "integer", uniqueItems: true },
};

const LOG_PARAMS: Parameter[] = [
  q("container", "string", "The container for which to stream logs. Defaults to only container if there is one container in the pod."),
  q("follow", "boolean", "Follow the log stream of the pod. Defaults to false."),
  q("insecureSkipTLSVerifyBackend", "boolean", "insecureSkipTLSVerifyBackend indicates that the apiserver should not confirm the validity of the serving certificate of the backend it is connecting to."),
  q("limitBytes", "integer", "If set, the number of bytes to read from the server before terminating the log output."),
  q("previous", "boolean", "Return previous terminated container logs. Defaults to false."),
  q("sinceSeconds", "integer", "A relative time in seconds before the current time from which to show logs."),
  q("stream", "string", 'Specify which container log stream to return to the client. Acceptable values are "All", "Stdout" and "Stderr". If not specified, "All" is used.'),
  q("tailLines", "integer", "If set, the number of lines from the end of the logs to show."),
  q("timestamps", "boolean", "If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. Defaults to false."),
];

const PARAMS_OF: Record<string, string[]> = {
  exec: ["command", "container", "stderr", "stdin", "stdout", "tty"],
  attach: ["container", "stderr", "stdin", "stdout", "tty"],
  portforward: ["ports"],
};

const VERB_METHODS: [string, Method][] = [
  ["delete", "delete"],
  ["get", "get"],
  ["patch", "patch"],
  ["create", "post"],
  ["update", "put"],
];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const stringResponse = { "200": { description: "OK", schema: { type: "string" } }, "401": { description: "Unauthorized" } };

export interface ConnectContext {
  r: ResourceDefinition;
  /** "CoreV1". */
  gv: string;
  /** "Namespaced" or "". */
  ns: string;
  tags: string[];
  /** ".../pods" (the collection path). */
  base: string;
  scopeParams: Parameter[];
}

export function connectPaths(c: ConnectContext, name: string, spec: SubresourceSpec): Record<string, PathItem> {
  const group = spec.group ?? c.r.group;
  const version = spec.version ?? c.r.version;
  const gvk = { group, kind: spec.kind, version };
  const suffix = cap(name);
  const operation = (action: Operation["x-kubernetes-action"], operationId: string, description: string, produces: string[]): Operation => ({
    description,
    consumes: ["*/*"],
    produces,
    schemes: ["https"],
    tags: c.tags,
    operationId,
    responses: stringResponse,
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": gvk,
  });
  const path = `${c.base}/{name}/${name}`;
  if (name === "log") {
    return {
      [path]: {
        get: operation("get", `read${c.gv}${c.ns}${c.r.kind}Log`, `read log of the specified ${c.r.kind}`, ["text/plain", "application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]),
        parameters: [...LOG_PARAMS, params.name(c.r.kind), ...c.scopeParams, params.pretty].sort((a, b) => a.name.localeCompare(b.name)),
      },
    };
  }
  const item = (withPath: boolean): PathItem => {
    const out: PathItem = {};
    for (const [verb, method] of VERB_METHODS) {
      if (!spec.verbs.includes(verb)) continue;
      out[method] = operation("connect", `connect${c.gv}${cap(method)}${c.ns}${c.r.kind}${suffix}${withPath ? "WithPath" : ""}`, `connect ${method.toUpperCase()} requests to ${name} of ${c.r.kind}`, ["*/*"]);
    }
    const own = (PARAMS_OF[name] ?? []).map((p) => STREAM_PARAMS[p]);
    const pathParam: Parameter[] = name === "proxy" ? [withPath ? { name: "path", in: "path", description: "path to the resource", required: true, type: "string", uniqueItems: true } : q("path", "string", "Path is the URL path to use for the current proxy request to node.")] : [];
    out.parameters = [...own, params.name(spec.kind), ...c.scopeParams, ...pathParam].sort((a, b) => a.name.localeCompare(b.name));
    return out;
  };
  const paths: Record<string, PathItem> = { [path]: item(false) };
  if (name === "proxy") paths[`${path}/{path}`] = item(true);
  return paths;
}
