/** Kubernetes' CEL URL library: url(), isURL() and the URL accessors, as Go's url.ParseRequestURI sees a URL. */
import { celFunc, celMethod, CelScalar, celMap, type CelFunc } from "@bufbuild/cel";
import { expect, opaque } from "./opaque.js";

interface ParsedURL {
  scheme: string;
  host: string;
  hostname: string;
  port: string;
  escapedPath: string;
  query: string;
}

/** net/url.ParseRequestURI: an absolute URI, or an absolute path; no fragment. */
function parseRequestURI(s: string): ParsedURL | undefined {
  if (/[\s\x00-\x1f\x7f]/.test(s) || s.includes("#")) return undefined;
  let rest = s;
  let scheme = "";
  const sm = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (sm) {
    scheme = sm[1];
    rest = rest.slice(sm[0].length);
  } else if (!rest.startsWith("/")) return undefined;
  const qi = rest.indexOf("?");
  const query = qi >= 0 ? rest.slice(qi + 1) : "";
  if (qi >= 0) rest = rest.slice(0, qi);
  let host = "";
  if (rest.startsWith("//")) {
    const end = rest.indexOf("/", 2);
    host = end >= 0 ? rest.slice(2, end) : rest.slice(2);
    rest = end >= 0 ? rest.slice(end) : "";
    const at = host.lastIndexOf("@");
    if (at >= 0) host = host.slice(at + 1);
  } else if (scheme && !rest.startsWith("/")) {
    if (!rest) return undefined;
  }
  let hostname = host;
  let port = "";
  const v6 = /^\[([^\]]*)\](?::(\d*))?$/.exec(host);
  if (v6) {
    hostname = v6[1];
    port = v6[2] ?? "";
  } else if (host.includes(":")) {
    const i = host.lastIndexOf(":");
    hostname = host.slice(0, i);
    port = host.slice(i + 1);
    if (!/^\d*$/.test(port)) return undefined;
  }
  return { scheme, host, hostname, port, escapedPath: rest, query };
}

function parse(s: string): ParsedURL {
  const u = parseRequestURI(s);
  if (!u) throw new Error(`URL parse error during conversion from string: parse ${JSON.stringify(s)}: invalid URI for request`);
  return u;
}

const url = (v: unknown) => expect("url", v, (p) => parse(String(p)));

function queryMap(q: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!q) return out;
  for (const part of q.split("&")) {
    if (!part) continue;
    const i = part.indexOf("=");
    const dec = (x: string) => {
      try {
        return decodeURIComponent(x.replace(/\+/g, " "));
      } catch {
        return x;
      }
    };
    const k = dec(i >= 0 ? part.slice(0, i) : part);
    const v = dec(i >= 0 ? part.slice(i + 1) : "");
    out.set(k, [...(out.get(k) ?? []), v]);
  }
  return out;
}

export const urlLibrary: CelFunc[] = [
  celFunc("url", [CelScalar.STRING], CelScalar.DYN, (s) => {
    parse(s);
    return opaque("url", s);
  }),
  celFunc("isURL", [CelScalar.STRING], CelScalar.BOOL, (s) => parseRequestURI(s) !== undefined),
  celMethod("getScheme", CelScalar.DYN, [], CelScalar.STRING, function () {
    return url(this).scheme;
  }),
  celMethod("getHost", CelScalar.DYN, [], CelScalar.STRING, function () {
    return url(this).host;
  }),
  celMethod("getHostname", CelScalar.DYN, [], CelScalar.STRING, function () {
    return url(this).hostname;
  }),
  celMethod("getPort", CelScalar.DYN, [], CelScalar.STRING, function () {
    return url(this).port;
  }),
  celMethod("getEscapedPath", CelScalar.DYN, [], CelScalar.STRING, function () {
    return url(this).escapedPath;
  }),
  celMethod("getQuery", CelScalar.DYN, [], CelScalar.DYN, function () {
    return celMap(queryMap(url(this).query));
  }),
];
