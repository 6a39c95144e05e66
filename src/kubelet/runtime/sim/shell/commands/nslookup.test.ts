import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../../../util/clock.js";
import { createContainerFs } from "../../container-fs.js";
import { createMemoryFilesystem } from "../../memory-filesystem.js";
import { runScript } from "../interpreter.js";
import { EMPTY_INPUT, type DnsReply, type ShellContext, type ShellNetwork } from "../types.js";

const RESOLV = "search ns1.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n";

/** A DNS server at 10.96.0.10 knowing db.ns1.svc.cluster.local and its PTR; asked questions are recorded. */
function network(asked: string[] = []): ShellNetwork {
  const reply = (rcode: string, answers: DnsReply["answers"] = [], authoritative = true): DnsReply => ({ rcode, authoritative, answers });
  return {
    lookup: () => ({ ok: false, failure: "NXDOMAIN" }),
    connect: () => {
      throw new Error("unused");
    },
    dnsQuery: async (server, port, name, type) => {
      asked.push(`${server}:${port} ${type} ${name}`);
      if (server !== "10.96.0.10" || port !== 53) return undefined;
      if (name === "db.ns1.svc.cluster.local") return reply("NOERROR", type === "A" ? [{ name, type: "A", data: "10.96.5.5" }] : []);
      if (name === "5.5.96.10.in-addr.arpa" && type === "PTR") return reply("NOERROR", [{ name, type: "PTR", data: "db.ns1.svc.cluster.local" }]);
      if (name === "example.com") return reply("NOERROR", type === "A" ? [{ name, type: "A", data: "93.184.215.14" }] : [], false);
      return reply("NXDOMAIN");
    },
  };
}

function shell(net: ShellNetwork | undefined, slept: number[] = []) {
  const clock = new VirtualClock();
  const host = createMemoryFilesystem({ clock });
  const fs = createContainerFs({ host, upperDir: "/var/lib/sim/c1/fs", mounts: [], whiteouts: new Set(), image: "busybox" });
  fs.mkdir("/etc", true);
  fs.writeFile("/etc/resolv.conf", RESOLV);
  const ctx: ShellContext = { fs, env: new Map([["PATH", "/bin"]]), cwd: "/", status: 0, argv: ["sh"], pid: 1, hostname: "t", sleep: async (ms) => void slept.push(ms), net };
  return async (script: string) => {
    let out = "";
    let err = "";
    const io = { stdin: EMPTY_INPUT, stdout: (d: Uint8Array | string) => void (out += Buffer.from(d).toString()), stderr: (d: Uint8Array | string) => void (err += Buffer.from(d).toString()) };
    const code = await runScript(script, io, { ...ctx, env: new Map(ctx.env) });
    return { code, out, err };
  };
}

const HEADER = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n";

describe("sim nslookup", () => {
  it("a dotted name is asked as it is, A then AAAA; an address is asked as PTR", async () => {
    const asked: string[] = [];
    const run = shell(network(asked));
    assert.deepEqual(await run("nslookup db.ns1.svc.cluster.local"), {
      code: 0,
      err: "",
      out: HEADER + "Name:\tdb.ns1.svc.cluster.local\nAddress: 10.96.5.5\n\n*** Can't find db.ns1.svc.cluster.local: No answer\n\n",
    });
    assert.deepEqual(asked, ["10.96.0.10:53 A db.ns1.svc.cluster.local", "10.96.0.10:53 AAAA db.ns1.svc.cluster.local"]);
    assert.deepEqual(await run("nslookup 10.96.5.5"), { code: 0, err: "", out: HEADER + "5.5.96.10.in-addr.arpa\tname = db.ns1.svc.cluster.local\n\n" });
    assert.deepEqual(await run("nslookup -type=A example.com"), { code: 0, err: "", out: HEADER + "Non-authoritative answer:\nName:\texample.com\nAddress: 93.184.215.14\n\n" });
  });

  it("a name without a dot is asked under each search domain (not as it is); the NXDOMAINs make the exit status 1", async () => {
    const asked: string[] = [];
    const r = await shell(network(asked))("nslookup -type=a db");
    assert.equal(r.code, 1);
    assert.equal(r.out, HEADER + "Name:\tdb.ns1.svc.cluster.local\nAddress: 10.96.5.5\n\n** server can't find db.svc.cluster.local: NXDOMAIN\n\n** server can't find db.cluster.local: NXDOMAIN\n\n");
    assert.deepEqual(asked.map((a) => a.split(" ")[2]), ["db.ns1.svc.cluster.local", "db.svc.cluster.local", "db.cluster.local"]);
  });

  it("a server that does not answer times out (5s, or -timeout) and the next is asked; with none answering, busybox's message and 1", async () => {
    const slept: number[] = [];
    const run = shell(network(), slept);
    assert.deepEqual(await run("nslookup -timeout=2 db.ns1.svc.cluster.local 10.96.0.99"), { code: 1, err: "", out: ";; connection timed out; no servers could be reached\n\n" });
    assert.deepEqual(await shell(undefined, slept)("nslookup web"), { code: 1, err: "", out: ";; connection timed out; no servers could be reached\n\n" });
    assert.deepEqual(slept, [2000, 5000]);
  });

  it("bad arguments: usage, or busybox's message for a bad type", async () => {
    const run = shell(network());
    const none = await run("nslookup");
    assert.equal(none.code, 1);
    assert.match(none.err, /^BusyBox v1\.36\.1 .*\n\nUsage: nslookup /);
    assert.deepEqual(await run("nslookup -type=bogus x"), { code: 1, out: "", err: 'nslookup: invalid query type "bogus"\n' });
  });
});
