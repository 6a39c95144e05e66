import { test } from "node:test";
import assert from "node:assert/strict";
import { parseIptablesSave, ParseError } from "./parse.js";
import { createRecentTable, runHook, traverseNode, type NetfilterContext, type Packet } from "./evaluate.js";
import { withKubeProxyJumps } from "./kube-proxy-jumps.js";
import { cidrContains } from "../cidr.js";

// Rules laid out as upstream's kube-proxy writes them (pkg/proxy/iptables
// proxier_test.go): cluster CIDR 10.0.0.0/8, node IP 192.168.0.2.
const RULES = `*filter
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT
-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
COMMIT
*nat
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXT-X27LE4BHSL4DOUIK - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-OYPFS5VJICHGATKP - [0:0]
:KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
:KUBE-SEP-UKSFD7AGPMPPLUHC - [0:0]
:KUBE-SEP-C6EBXVWJJZMIWKLZ - [0:0]
:KUBE-SEP-I77PXRDZVX7PMWMN - [0:0]
:KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]
:KUBE-SVC-NUKIZ6OKUXPJNT4C - [0:0]
:KUBE-SVC-X27LE4BHSL4DOUIK - [0:0]
:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3003 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-X27LE4BHSL4DOUIK
-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK
-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK
-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -s 10.180.0.5 -j KUBE-MARK-MASQ
-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80
-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ
-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ
-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN
-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -j KUBE-SEP-I77PXRDZVX7PMWMN
-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
COMMIT
`;

const NODE_IP = "192.168.0.2";

function context(draws: number[] = [], now = { t: 0 }): NetfilterContext {
  return {
    isLocal: (ip) => ip === NODE_IP || cidrContains("127.0.0.0/8", ip),
    random: () => {
      const d = draws.shift();
      if (d === undefined) throw new Error("unexpected random draw");
      return d;
    },
    now: () => now.t,
    recent: createRecentTable(),
    masqueradeAddress: () => NODE_IP,
  };
}

const rules = () => withKubeProxyJumps(parseIptablesSave(RULES));
const tcp = (src: string, dst: string, dport: number): Packet => ({ src, dst, protocol: "tcp", dport });

test("A pod's packet to a ClusterIP is DNATed to the endpoint without masquerade.", () => {
  const out = traverseNode(rules(), tcp("10.180.0.2", "172.30.0.41", 80), "routed", context());
  assert.equal(out.verdict, "ACCEPT");
  assert.equal(out.deliveredLocally, false);
  assert.deepEqual([out.packet.src, out.packet.dst, out.packet.dport], ["10.180.0.2", "10.180.0.1", 80]);
  const chains = out.hooks[0].result.steps.map((s) => s.chain);
  assert.deepEqual(chains, ["PREROUTING", "KUBE-SERVICES", "KUBE-SVC-XPGD46QRK7WJZT7O", "KUBE-SEP-SXIVWICOYRO3J4NJ"]);
  assert.equal(out.hooks[0].result.steps[0].rule.comment, "kubernetes service portals");
});

test("A hairpin connection (endpoint to its own Service) is masqueraded to the node's address.", () => {
  const out = traverseNode(rules(), tcp("10.180.0.1", "172.30.0.41", 80), "routed", context());
  assert.equal(out.packet.dst, "10.180.0.1");
  assert.equal(out.packet.src, NODE_IP);
  const post = out.hooks.find((h) => h.hook === "POSTROUTING")!.result;
  assert.equal(post.steps.at(-1)!.effect, `MASQUERADE to ${NODE_IP}`);
  assert.equal(post.packet.mark, 0, "the masquerade bit is cleared before MASQUERADE");
});

test("Traffic from outside the cluster CIDR to a ClusterIP is marked for masquerade.", () => {
  const out = traverseNode(rules(), tcp("203.0.113.9", "172.30.0.41", 80), "routed", context());
  assert.equal(out.packet.src, NODE_IP);
});

test("The random choice picks the endpoint whose statistic rule the draw falls under, and reports its probability.", () => {
  const first = traverseNode(rules(), tcp("10.180.0.2", "172.30.0.44", 80), "routed", context([0.2]));
  assert.equal(first.packet.dst, "10.180.0.4");
  assert.equal(first.chance, 0.5);
  assert.equal(first.hooks[0].result.steps.find((s) => s.probability !== undefined)!.probability, 0.5);
  const second = traverseNode(rules(), tcp("10.180.0.2", "172.30.0.44", 80), "routed", context([0.7]));
  assert.equal(second.packet.dst, "10.180.0.5");
  assert.equal(second.chance, 0.5, "the last endpoint takes what the earlier draws left");
});

test("A NodePort on the node's address is DNATed through KUBE-NODEPORTS and masqueraded.", () => {
  const out = traverseNode(rules(), tcp("203.0.113.9", NODE_IP, 3003), "routed", context());
  assert.deepEqual([out.packet.dst, out.packet.dport, out.packet.src], ["10.180.0.3", 80, NODE_IP]);
  assert.ok(out.hooks[0].result.steps.some((s) => s.chain === "KUBE-NODEPORTS"));
});

test("A NodePort on localhost from the node itself goes through OUTPUT.", () => {
  const out = traverseNode(rules(), tcp("127.0.0.1", "127.0.0.1", 3003), "local", context());
  assert.equal(out.packet.dst, "10.180.0.3");
  assert.equal(out.hooks[0].hook, "OUTPUT");
});

test("A port the Service does not have is not translated, and a local destination is delivered locally.", () => {
  const svc = traverseNode(rules(), tcp("10.180.0.2", "172.30.0.41", 443), "routed", context());
  assert.equal(svc.packet.dst, "172.30.0.41");
  const node = traverseNode(rules(), tcp("10.180.0.2", NODE_IP, 10250), "routed", context());
  assert.equal(node.deliveredLocally, true);
  assert.deepEqual(node.hooks.map((h) => `${h.table}/${h.hook}`), ["nat/PREROUTING", "filter/INPUT"]);
});

test("A Service without endpoints is rejected by the filter table, naming the rule.", () => {
  const out = traverseNode(rules(), tcp("10.180.0.2", "172.30.0.46", 80), "routed", context());
  assert.equal(out.verdict, "REJECT");
  const filter = out.hooks.at(-1)!.result;
  assert.equal(filter.decidedBy!.rule.comment, "ns6/svc6:p80 has no endpoints");
});

test("Session affinity: a source remembered by --set goes back to the same endpoint while --seconds lasts.", () => {
  const now = { t: 1_000_000 };
  const ctx = context([], now);
  const r = rules();
  const first = traverseNode(r, tcp("10.180.0.2", "172.30.0.45", 80), "routed", ctx);
  assert.equal(first.packet.dst, "10.180.0.3");
  assert.equal(ctx.recent.lastSeen("KUBE-SEP-I77PXRDZVX7PMWMN", "10.180.0.2"), now.t);
  const again = runHook(r, "nat", "PREROUTING", tcp("10.180.0.2", "172.30.0.45", 80), ctx);
  const affinity = again.steps.find((s) => s.chain === "KUBE-SVC-NUKIZ6OKUXPJNT4C" && s.rule.matches.some((m) => m.kind === "recent"));
  assert.ok(affinity, "the --rcheck rule matched");
  now.t += 10_801_000;
  const expired = runHook(r, "nat", "PREROUTING", tcp("10.180.0.2", "172.30.0.45", 80), ctx);
  assert.ok(!expired.steps.some((s) => s.rule.matches.some((m) => m.kind === "recent" && m.mode === "rcheck")), "after 10800s the source is forgotten");
});

test("kube-proxy's jumps are added only where the text declares the chain and lacks the jump.", () => {
  const r = withKubeProxyJumps(parseIptablesSave("*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n-A PREROUTING -j KUBE-SERVICES\nCOMMIT\n"));
  const nat = r.get("nat")!;
  assert.equal(nat.chains.get("PREROUTING")!.rules.length, 1);
  assert.equal(nat.chains.get("OUTPUT")!.rules[0].text, '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  assert.equal(nat.chains.has("POSTROUTING"), false);
});

test("A chain policy of DROP drops what no rule accepted.", () => {
  const r = parseIptablesSave("*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n");
  assert.equal(runHook(r, "filter", "INPUT", tcp("1.1.1.1", NODE_IP, 22), context()).verdict, "ACCEPT");
  const dropped = runHook(r, "filter", "INPUT", tcp("1.1.1.1", NODE_IP, 80), context());
  assert.equal(dropped.verdict, "DROP");
  assert.equal(dropped.decidedBy, undefined);
});

const bad: [string, string, RegExp][] = [
  ["An unknown option is refused with its line.", "*nat\n-A X -m foo --bar 1 -j ACCEPT\nCOMMIT", /line 2: option "--bar" is not supported/],
  ["A rule outside a table is refused.", "-A X -j ACCEPT", /outside a table/],
  ["A bad address is refused.", "*nat\n-A X -d 300.1.1.1 -j ACCEPT\nCOMMIT", /bad address "300.1.1.1"/],
  ["DNAT needs a destination.", "*nat\n-A X -j DNAT\nCOMMIT", /DNAT without --to-destination/],
];
for (const [name, text, message] of bad) test(name, () => assert.throws(() => parseIptablesSave(text), (e: unknown) => e instanceof ParseError && message.test(e.message)));

test("A jump to a chain that does not exist is an error, not a silent accept.", () => {
  const r = parseIptablesSave("*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j KUBE-NOPE\nCOMMIT\n");
  assert.throws(() => runHook(r, "nat", "PREROUTING", tcp("1.1.1.1", NODE_IP, 80), context()), /chain KUBE-NOPE .* does not exist/);
});

test("A seeded draw repeats the same endpoint choice.", async () => {
  const { seededRandom } = await import("../../util/seeded-random.js");
  const pick = (seed: number) => {
    const random = seededRandom(seed);
    return traverseNode(rules(), tcp("10.180.0.2", "172.30.0.44", 80), "routed", { ...context(), random }).packet.dst;
  };
  const seen = new Set<string>();
  for (let seed = 0; seed < 20; seed++) {
    assert.equal(pick(seed), pick(seed));
    seen.add(pick(seed));
  }
  assert.deepEqual([...seen].sort(), ["10.180.0.4", "10.180.0.5"], "both endpoints come up across seeds");
});

test("A recent match reads its options in either order: iptables-save writes --set before --name.", () => {
  const saved = `*nat
:OUTPUT ACCEPT [0:0]
-A OUTPUT -m recent --set --name AFFINITY --mask 255.255.255.255 --rsource -m recent --rcheck --seconds 60 --reap --name OTHER -j ACCEPT
COMMIT
`;
  const rule = parseIptablesSave(saved).get("nat")!.chains.get("OUTPUT")!.rules[0]!;
  const recents = rule.matches.filter((m) => m.kind === "recent");
  assert.deepEqual(recents, [
    { kind: "recent", name: "AFFINITY", mode: "set", negate: false },
    { kind: "recent", name: "OTHER", mode: "rcheck", negate: false, seconds: 60 },
  ]);
});
