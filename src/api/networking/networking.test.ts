import { test } from "node:test";
import assert from "node:assert/strict";
import { ingresses } from "./ingresses.js";
import { networkpolicies } from "./networkpolicies.js";
import { ingressclasses } from "./ingressclasses.js";
import { message, testContext } from "../testing/hook-context.js";
import { isStrictSubset, parseCIDR } from "./cidr.js";

const ctx = testContext();
const obj = (spec: Record<string, unknown>, status?: Record<string, unknown>) => ({ metadata: { name: "x", namespace: "default" }, spec, status }) as never;
const backend = { service: { name: "web", port: { number: 80 } } };

const policyDefaults: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: "A policy with no rules defaults to Ingress.", spec: { podSelector: {} }, want: ["Ingress"] },
  { name: "A policy with egress rules defaults to Ingress and Egress.", spec: { podSelector: {}, egress: [{}] }, want: ["Ingress", "Egress"] },
  { name: "Explicit policy types are kept.", spec: { podSelector: {}, egress: [{}], policyTypes: ["Egress"] }, want: ["Egress"] },
];
for (const c of policyDefaults) {
  test(c.name, () => {
    const np = obj(c.spec);
    networkpolicies.defaults!(np);
    assert.deepEqual((np as { spec: { policyTypes: string[] } }).spec.policyTypes, c.want);
  });
}

test("Network policy ports default to TCP.", () => {
  const np = obj({ podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] });
  networkpolicies.defaults!(np);
  assert.equal((np as { spec: { ingress: { ports: { protocol: string }[] }[] } }).spec.ingress[0].ports[0].protocol, "TCP");
});

const policyErrors: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: "A peer with nothing in it is refused.", spec: { podSelector: {}, ingress: [{ from: [{}] }] }, want: ["spec.ingress[0].from[0]: Required value: must specify a peer"] },
  { name: "An ipBlock beside a selector is refused.", spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {}, ipBlock: { cidr: "10.0.0.0/8" } }] }] }, want: ["spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer"] },
  { name: "An except outside the cidr is refused.", spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["192.168.0.0/16"] } }] }] }, want: ['spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`'] },
  { name: "An endPort below port is refused.", spec: { podSelector: {}, ingress: [{ ports: [{ port: 90, endPort: 80 }] }] }, want: ["spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`"] },
  { name: "An unknown policy type is refused.", spec: { podSelector: {}, policyTypes: ["Sideways"] }, want: ['spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"'] },
];
for (const c of policyErrors) {
  test(c.name, async () => assert.deepEqual((await networkpolicies.validate!(obj(c.spec), ctx)).map(message), c.want));
}

const cidrs: { name: string; inner: string; outer: string; want: boolean }[] = [
  { name: "A /24 inside a /8 is a strict subset.", inner: "10.1.2.0/24", outer: "10.0.0.0/8", want: true },
  { name: "A CIDR is not a strict subset of itself.", inner: "10.0.0.0/8", outer: "10.0.0.0/8", want: false },
  { name: "An IPv6 /64 inside a /48 is a strict subset.", inner: "2001:db8:0:1::/64", outer: "2001:db8::/48", want: true },
  { name: "Families never contain each other.", inner: "::/64", outer: "0.0.0.0/0", want: false },
];
for (const c of cidrs) {
  test(c.name, () => assert.equal(isStrictSubset(parseCIDR(c.inner)!, parseCIDR(c.outer)!), c.want));
}

const ingressErrors: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: "An ingress with neither rules nor a default backend is refused.", spec: {}, want: ["spec: Invalid value: null: either `defaultBackend` or `rules` must be specified"] },
  { name: "A path without pathType is refused.", spec: { rules: [{ http: { paths: [{ path: "/", backend }] } }] }, want: ["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"] },
  { name: "A Prefix path must be absolute.", spec: { rules: [{ http: { paths: [{ path: "api", pathType: "Prefix", backend }] } }] }, want: ['spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path'] },
  { name: "An IP address is not a host.", spec: { rules: [{ host: "10.0.0.1", http: { paths: [{ path: "/", pathType: "Prefix", backend }] } }] }, want: ['spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address'] },
  { name: "A service backend needs a port.", spec: { defaultBackend: { service: { name: "web" } } }, want: ["spec.defaultBackend.service.port: Required value: port name or number is required"] },
  { name: "A wildcard host is accepted.", spec: { rules: [{ host: "*.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend }] } }] }, want: [] },
];
for (const c of ingressErrors) {
  test(c.name, async () => assert.deepEqual((await ingresses.validate!(obj(c.spec), ctx)).map(message), c.want));
}

test("The ingress table shows class, hosts, sorted addresses and TLS ports.", () => {
  const ing = obj(
    { ingressClassName: "nginx", tls: [{ hosts: ["a.io"] }], rules: [{ host: "a.io" }, { host: "" }, { host: "b.io" }, { host: "c.io" }, { host: "d.io" }] },
    { loadBalancer: { ingress: [{ ip: "10.0.0.2" }, { hostname: "lb.example.com" }, { ip: "10.0.0.2" }] } },
  );
  const cells = ingresses.columns!.slice(0, 4).map((c) => c.cell(ing, { now: 0 }));
  assert.deepEqual(cells, ["nginx", "a.io,b.io,c.io + 2 more...", "10.0.0.2,lb.example.com", "80, 443"]);
});

test("An ingress without rules' hosts prints * and <none> for no class.", () => {
  const cells = ingresses.columns!.slice(0, 4).map((c) => c.cell(obj({ defaultBackend: backend }), { now: 0 }));
  assert.deepEqual(cells, ["<none>", "*", "", "80"]);
});

test("An ingress class controller cannot change.", async () => {
  const old = obj({ controller: "k8s.io/ingress-nginx" });
  const next = obj({ controller: "example.com/other" });
  assert.deepEqual((await ingressclasses.validateUpdate!(next, old, ctx)).map(message), ['spec.controller: Invalid value: "example.com/other": field is immutable']);
});

test("An ingress class controller must be a domain-prefixed path.", async () => {
  assert.deepEqual((await ingressclasses.validate!(obj({ controller: "nginx" }), ctx)).map(message), ['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']);
});

test("The ingress class table prints parameters as Kind.group/name.", () => {
  const ic = obj({ controller: "k8s.io/ingress-nginx", parameters: { apiGroup: "k8s.example.com", kind: "IngressParameters", name: "external-lb" } });
  assert.deepEqual(ingressclasses.columns!.slice(0, 2).map((c) => c.cell(ic, { now: 0 })), ["k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/external-lb"]);
});
