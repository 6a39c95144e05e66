import assert from "node:assert/strict";
import { test } from "node:test";
import type { ApiRequest } from "../http/types.js";
import { requestAttributes } from "./request-attributes.js";

const req = (method: string, url: string, headers: Record<string, string> = {}): ApiRequest => {
  const u = new URL(url, "https://x");
  return { method, path: u.pathname, query: u.searchParams, headers, signal: new AbortController().signal, user: { username: "u", groups: [] } };
};
const summary = (r: ApiRequest) =>
  requestAttributes(r).map((a) => (a.resource ? [a.verb, a.resource.group, a.resource.resource, a.resource.subresource ?? "", a.resource.namespace ?? "", a.resource.name ?? ""].join("|") : `${a.verb} ${a.path}`));

const cases: { method: string; url: string; headers?: Record<string, string>; want: string[] }[] = [
  { method: "GET", url: "/api/v1/namespaces/y/pods", want: ["list||pods||y|"] },
  { method: "GET", url: "/api/v1/namespaces/y/pods?watch=true", want: ["watch||pods||y|"] },
  { method: "GET", url: "/api/v1/namespaces/y/pods?fieldSelector=metadata.name%3Dp&watch=1", want: ["watch||pods||y|p"] },
  { method: "GET", url: "/api/v1/namespaces/y/pods/p", want: ["get||pods||y|p"] },
  { method: "POST", url: "/api/v1/namespaces/y/pods", want: ["create||pods||y|"] },
  { method: "PUT", url: "/apis/apps/v1/namespaces/y/deployments/d/scale", want: ["update|apps|deployments|scale|y|d"] },
  { method: "PATCH", url: "/api/v1/nodes/n/status", want: ["patch||nodes|status||n"] },
  { method: "DELETE", url: "/api/v1/namespaces/y/pods/p", want: ["delete||pods||y|p"] },
  { method: "DELETE", url: "/api/v1/namespaces/y/pods", want: ["deletecollection||pods||y|"] },
  { method: "GET", url: "/api/v1/namespaces/y", want: ["get||namespaces||y|y"] },
  { method: "GET", url: "/api/v1/namespaces", want: ["list||namespaces|||"] },
  { method: "POST", url: "/api/v1/namespaces/y/pods/p/exec?command=sh", want: ["create||pods|exec|y|p"] },
  { method: "GET", url: "/api/v1/namespaces/y/pods/p/exec?command=sh", headers: { upgrade: "websocket" }, want: ["get||pods|exec|y|p", "create||pods|exec|y|p"] },
  { method: "GET", url: "/api/v1/namespaces/y/pods/p/log", want: ["get||pods|log|y|p"] },
  { method: "GET", url: "/api/v1/nodes/n/proxy/stats/summary", want: ["get||nodes|proxy||n"] },
  { method: "GET", url: "/apis", want: ["get /apis"] },
  { method: "GET", url: "/healthz", want: ["get /healthz"] },
  { method: "POST", url: "/version", want: ["post /version"] },
];
for (const c of cases) {
  test(`Request attributes: ${c.method} ${c.url}`, () => assert.deepEqual(summary(req(c.method, c.url, c.headers)), c.want));
}

test("Request attributes: a request without a user is system:anonymous", () => {
  const r = { ...req("GET", "/apis"), user: undefined };
  assert.deepEqual(requestAttributes(r)[0]!.user, { username: "system:anonymous", groups: ["system:unauthenticated"] });
});
