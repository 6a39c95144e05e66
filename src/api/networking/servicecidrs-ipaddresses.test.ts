import { test } from "node:test";
import assert from "node:assert/strict";
import { servicecidrs } from "./servicecidrs.js";
import { ipaddresses } from "./ipaddresses.js";
import { canonicalIP, cidrErrors, ipErrors } from "./ip-canonical.js";
import { message, testContext, TEST_NOW } from "../testing/hook-context.js";

const ctx = testContext();
const cidr = (...cidrs: string[]) => ({ metadata: { name: "extra" }, spec: { cidrs } });

test("IPs and CIDRs must be valid and canonical, as Go's netip prints them.", () => {
  assert.deepEqual(ipErrors("10.0.0.1"), []);
  assert.deepEqual(ipErrors("2001:db8::1"), []);
  assert.deepEqual(ipErrors("2001:DB8:0:0:0::1"), ['must be in canonical form ("2001:db8::1")']);
  assert.deepEqual(ipErrors("10.01.2.3"), ["must not have leading 0s"]);
  assert.deepEqual(ipErrors("10.0.0"), ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"]);
  assert.deepEqual(ipErrors("::ffff:10.0.0.1"), ["must not be an IPv4-mapped IPv6 address"]);
  assert.equal(canonicalIP("2001:db8:0:1:0:0:0:1"), "2001:db8:0:1::1");
  assert.equal(canonicalIP("fd00:0:0:1::"), "fd00:0:0:1::");
  assert.deepEqual(cidrErrors("10.96.0.0/12"), []);
  assert.deepEqual(cidrErrors("10.96.0.1/12"), ['must be in canonical form ("10.96.0.0/12")']);
  assert.deepEqual(cidrErrors("fd00::1/64"), ['must be in canonical form ("fd00::/64")']);
  assert.deepEqual(cidrErrors("10.96.0.0"), ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"]);
  assert.deepEqual(cidrErrors("10.096.0.0/16"), ["must not have leading 0s in IP or prefix length"]);
  assert.deepEqual(cidrErrors("10.96.0.0/012"), ["must not have leading 0s in IP or prefix length"]);
});

test("A ServiceCIDR holds one or two canonical ranges, one per family.", async () => {
  assert.deepEqual(await servicecidrs.validate!(cidr("10.100.0.0/16", "fd00:10::/108"), ctx), []);
  const cases: [string[], string[]][] = [
    [[], ["spec.cidrs: Required value: at least one CIDR required"]],
    [["10.0.0.0/8", "10.1.0.0/16"], ['spec.cidrs: Invalid value: networking.ServiceCIDRSpec{CIDRs:[]string{"10.0.0.0/8", "10.1.0.0/16"}}: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64']],
    [["a", "b", "c"], ['spec.cidrs: Invalid value: networking.ServiceCIDRSpec{CIDRs:[]string{"a", "b", "c"}}: may only hold up to 2 values']],
    [["10.0.0.1/8"], ['spec.cidrs[0]: Invalid value: "10.0.0.1/8": must be in canonical form ("10.0.0.0/8")']],
  ];
  for (const [cidrs, want] of cases) assert.deepEqual((await servicecidrs.validate!(cidr(...cidrs), ctx)).map(message), want, cidrs.join(","));
});

test("ServiceCIDR ranges stay, but a single-stack one may gain the other family.", async () => {
  const old = cidr("10.100.0.0/16");
  assert.deepEqual(await servicecidrs.validateUpdate!(cidr("10.100.0.0/16", "fd00::/108"), old, ctx), []);
  assert.deepEqual((await servicecidrs.validateUpdate!(cidr("10.200.0.0/16"), old, ctx)).map(message), ['spec.cidrs[0]: Invalid value: "10.200.0.0/16": field is immutable']);
  assert.deepEqual((await servicecidrs.validateUpdate!(cidr(), old, ctx)).map(message), ["spec.cidrs: Invalid value: []string{}: field is immutable"]);
});

test("The ServiceCIDR table prints its ranges joined by commas.", () => {
  const obj = { ...cidr("10.96.0.0/12", "fd00::/108"), metadata: { name: "kubernetes", creationTimestamp: "2024-05-01T11:00:00Z" } };
  assert.deepEqual(servicecidrs.columns!.map((c) => c.cell(obj, { now: TEST_NOW })), ["10.96.0.0/12,fd00::/108", "60m"]);
});

test("An IPAddress is named by its canonical address and needs a parent reference.", async () => {
  assert.deepEqual(ipaddresses.validateName!("10.96.0.1", false), []);
  assert.deepEqual(ipaddresses.validateName!("2001:db8:0::1", false), ['must be in canonical form ("2001:db8::1")']);
  const ip = { metadata: { name: "10.96.0.10" }, spec: { parentRef: { group: "", resource: "services", namespace: "kube-system", name: "kube-dns" } } };
  assert.deepEqual(await ipaddresses.validate!(ip, ctx), []);
  assert.deepEqual(ipaddresses.columns!.map((c) => c.cell(ip, { now: TEST_NOW })), ["services/kube-system/kube-dns"]);
  assert.deepEqual((await ipaddresses.validate!({ metadata: { name: "10.96.0.11" }, spec: {} }, ctx)).map(message), ["spec.parentRef: Required value"]);
  assert.deepEqual((await ipaddresses.validate!({ metadata: { name: "10.96.0.11" }, spec: { parentRef: { resource: "services" } } }, ctx)).map(message), ["spec.parentRef.name: Required value"]);
  const moved = { ...ip, spec: { parentRef: { ...ip.spec.parentRef, name: "other" } } };
  assert.equal((await ipaddresses.validateUpdate!(moved, ip, ctx)).length, 1);
});
