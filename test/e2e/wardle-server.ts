/**
 * A small extension API server for the aggregation suite, in the shape of
 * upstream's sample-apiserver (group wardle.example.com, resource flunders):
 * HTTPS on 127.0.0.1 with a serving certificate for <service>.<namespace>.svc
 * from its own CA, and request-header authentication as extension API
 * servers do it: the client certificate must chain to
 * requestheader-client-ca-file and name one of requestheader-allowed-names;
 * the user then comes from X-Remote-User / X-Remote-Group. Each flunder
 * echoes the identity it was read with, and every request is recorded.
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { createCertificateAuthority, issueServingCert } from "../../dist/pki/index.js";

export const WARDLE_GROUP = "wardle.example.com";
export const WARDLE_VERSION = "v1alpha1";

export interface SeenRequest {
  path: string;
  clientCN: string;
  user: string;
  groups: string[];
}

export interface WardleServer {
  port: number;
  /** The CA of the serving certificate (for the APIService's caBundle). */
  caPem: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startWardleServer(o: { service: string; namespace: string; requestHeaderCAPem: string; allowedNames: string[] }): Promise<WardleServer> {
  const ca = await createCertificateAuthority({ commonName: "wardle-ca" });
  const serving = await issueServingCert(ca, { commonName: `${o.service}.${o.namespace}.svc`, dnsNames: [`${o.service}.${o.namespace}.svc`] });
  const requests: SeenRequest[] = [];
  const server = https.createServer({ key: serving.keyPem, cert: serving.certPem, ca: o.requestHeaderCAPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const socket = req.socket as TLSSocket;
    const cn = (socket.getPeerCertificate()?.subject?.CN as string | undefined) ?? "";
    if (!socket.authorized || !o.allowedNames.includes(cn)) return send(res, 401, status(401, "Unauthorized", "Unauthorized"));
    const user = first(req.headersDistinct["x-remote-user"]);
    const groups = req.headersDistinct["x-remote-group"] ?? [];
    requests.push({ path: req.url ?? "", clientCN: cn, user, groups });
    route(req, res, user, groups);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    caPem: ca.certPem,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function route(req: IncomingMessage, res: ServerResponse, user: string, groups: string[]): void {
  const path = (req.url ?? "/").split("?")[0].replace(/\/+$/, "");
  const gv = `${WARDLE_GROUP}/${WARDLE_VERSION}`;
  const group = { name: WARDLE_GROUP, versions: [{ groupVersion: gv, version: WARDLE_VERSION }], preferredVersion: { groupVersion: gv, version: WARDLE_VERSION } };
  if (path === "/apis") return send(res, 200, { kind: "APIGroupList", apiVersion: "v1", groups: [group] });
  if (path === `/apis/${WARDLE_GROUP}`) return send(res, 200, { kind: "APIGroup", apiVersion: "v1", ...group });
  if (path === `/apis/${gv}`) {
    return send(res, 200, {
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: gv,
      resources: [{ name: "flunders", singularName: "flunder", namespaced: true, kind: "Flunder", verbs: ["get", "list"], shortNames: ["fl"] }],
    });
  }
  const m = new RegExp(`^/apis/${gv.replace(/\./g, "\\.")}(?:/namespaces/([^/]+))?/flunders(?:/([^/]+))?$`).exec(path);
  if (!m) return send(res, 404, status(404, "NotFound", "the server could not find the requested resource"));
  const namespace = m[1] ?? "default";
  const flunder = (name: string) => ({ apiVersion: gv, kind: "Flunder", metadata: { name, namespace, uid: `uid-${name}`, creationTimestamp: "2026-01-01T00:00:00Z" }, spec: { user, groups } });
  if (m[2]) return m[2] === "hello" ? send(res, 200, flunder("hello")) : send(res, 404, status(404, "NotFound", `flunders.${WARDLE_GROUP} "${m[2]}" not found`));
  send(res, 200, { apiVersion: gv, kind: "FlunderList", metadata: { resourceVersion: "1" }, items: [flunder("hello")] });
}

function first(v: string[] | undefined): string {
  return v?.[0] ?? "";
}

function status(code: number, reason: string, message: string) {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
