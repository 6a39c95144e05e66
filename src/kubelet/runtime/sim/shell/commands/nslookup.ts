/**
 * busybox nslookup (1.36, the "big" applet with its own DNS client): asks
 * the nameservers of /etc/resolv.conf (or the SERVER argument) directly,
 * over the container's pod network (ShellContext.net.dnsQuery). Without
 * -type it asks A and AAAA, or PTR for an address. A name without a dot is
 * asked under each domain of resolv.conf's search line (ndots is not
 * read: a dotted name is asked as it is). Each reply is printed as it
 * comes, in busybox's words; a server that answers nothing within the
 * timeout (5s) gives way to the next; when none answers:
 * ";; connection timed out; no servers could be reached". Exits 1 when a
 * server answered a query with an error (NXDOMAIN ...), as busybox does.
 *
 * Example, in a pod with cluster DNS:
 *   $ nslookup web
 *   Server:		10.96.0.10
 *   Address:	10.96.0.10:53
 *
 *   Name:	web.default.svc.cluster.local
 *   Address: 10.96.0.20
 *
 *   ** server can't find web.svc.cluster.local: NXDOMAIN
 *   ...
 */
import { isIP } from "node:net";
import { text, type Builtin, type DnsReply } from "../types.js";

const USAGE =
  "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n" +
  "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n" +
  "Query DNS about HOST\n\n" +
  "QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n";

const QUERY_TYPES = ["A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "SRV", "ANY", "AAAA"];

interface Options {
  types: string[];
  port: number;
  timeoutS: number;
  host: string;
  server?: string;
}

/** busybox's "-opt=value" options before HOST; a message (and whether usage follows) on a bad one. */
function parseArgs(args: string[]): Options | { error: string; usage: boolean } {
  const o: Omit<Options, "host"> = { types: [], port: 53, timeoutS: 5 };
  let i = 1;
  for (; i < args.length && args[i].startsWith("-"); i++) {
    const [name, value = ""] = args[i].slice(1).split(/=(.*)/s);
    if (name === "type" || name === "querytype") {
      const t = QUERY_TYPES.find((q) => q.toLowerCase() === value.toLowerCase());
      if (!t) return { error: `nslookup: invalid query type "${value}"\n`, usage: false };
      if (!o.types.includes(t)) o.types.push(t);
    } else if (name === "port" || name === "t" || name === "timeout" || name === "retry") {
      if (!/^\d+$/.test(value) || Number(value) < 1) return { error: `nslookup: invalid number '${value}'\n`, usage: false };
      if (name === "port") o.port = Number(value);
      else if (name !== "retry") o.timeoutS = Number(value);
    } else if (name !== "debug") return { error: "", usage: true };
  }
  const rest = args.slice(i);
  if (rest.length === 0 || rest.length > 2) return { error: "", usage: true };
  // Types are asked in busybox's table order.
  o.types.sort((a, b) => QUERY_TYPES.indexOf(a) - QUERY_TYPES.indexOf(b));
  return { ...o, host: rest[0], server: rest[1] };
}

/** The in-addr.arpa (or ip6.arpa) name of an address. */
function ptrName(address: string): string {
  if (isIP(address) === 4) return `${address.split(".").reverse().join(".")}.in-addr.arpa`;
  const groups = address.split("::");
  const head = groups[0] ? groups[0].split(":") : [];
  const tail = groups.length > 1 && groups[1] ? groups[1].split(":") : [];
  const full = [...head, ...Array(8 - head.length - tail.length).fill("0"), ...tail].map((g) => g.padStart(4, "0")).join("");
  return `${[...full].reverse().join(".")}.ip6.arpa`;
}

/** resolv.conf's nameservers and its search (or domain) line, as busybox reads them. */
function readResolvConf(data: string | undefined): { servers: string[]; search?: string } {
  const servers: string[] = [];
  let search: string | undefined;
  let haveSearch = false;
  for (const line of (data ?? "").split("\n")) {
    const m = /^[ \t]*(\S+)[ \t]+(.*)$/.exec(line);
    if (!m) continue;
    const [, key, arg] = m;
    if (key === "nameserver") servers.push(arg.split(/[ \t]/)[0]);
    else if (key === "search") {
      haveSearch = true;
      search = arg.trim();
    } else if (key === "domain" && !haveSearch) search = arg.trim();
  }
  return { servers, search: search === "." ? undefined : search };
}

/** One answer record as busybox prints it; undefined for types it does not print. */
function recordLine(a: DnsReply["answers"][number]): string | undefined {
  if (a.type === "A" || a.type === "AAAA") return `Name:\t${a.name}\nAddress: ${a.data}\n`;
  if (a.type === "PTR") return `${a.name}\tname = ${a.data}\n`;
  if (a.type === "CNAME") return `${a.name}\tcanonical name = ${a.data}\n`;
  if (a.type === "NS") return `${a.name}\tnameserver = ${a.data}\n`;
  if (a.type === "TXT") return `${a.name}\ttext = "${a.data}"\n`;
  return undefined;
}

const nslookup: Builtin = async (args, io, sh) => {
  const parsed = parseArgs(args);
  if ("error" in parsed) {
    io.stderr(parsed.error + (parsed.usage ? USAGE : ""));
    return 1;
  }
  const conf = readResolvConf(sh.fs.readFile("/etc/resolv.conf") ? text(sh.fs.readFile("/etc/resolv.conf")!) : undefined);
  const servers = parsed.server ? [parsed.server] : conf.servers.length ? conf.servers : ["127.0.0.1"];
  const withSearch = (type: string, name: string) => (type === "PTR" || !conf.search || name.includes(".") ? [name] : conf.search.split(/\s+/).map((d) => `${name}.${d}`));
  const queries: { name: string; type: string }[] = [];
  if (parsed.types.length === 0) {
    if (isIP(parsed.host)) queries.push({ name: ptrName(parsed.host), type: "PTR" });
    else for (const type of ["A", "AAAA"]) for (const name of withSearch(type, parsed.host)) queries.push({ name, type });
  } else for (const type of parsed.types) for (const name of withSearch(type, parsed.host)) queries.push({ name, type });

  let exitCode = 0;
  for (const server of servers) {
    const address = isIP(server) ? server : undefined;
    const replies = await Promise.all(queries.map((q) => (address && sh.net?.dnsQuery ? sh.net.dnsQuery(address, parsed.port, q.name, q.type) : Promise.resolve(undefined))));
    if (replies.every((r) => r === undefined)) {
      // Nobody answered within the timeout: the next server, if any.
      await sh.sleep(parsed.timeoutS * 1000);
      continue;
    }
    io.stdout(`Server:\t\t${server}\nAddress:\t${address?.includes(":") ? `[${address}]` : address}:${parsed.port}\n\n`);
    const unanswered: string[] = [];
    replies.forEach((r, i) => {
      const q = queries[i];
      if (!r) return void unanswered.push(q.name);
      let out = "";
      if (r.rcode !== "NOERROR") {
        out += `** server can't find ${q.name}: ${r.rcode}\n`;
        exitCode = 1;
      } else {
        if (!r.authoritative) out += "Non-authoritative answer:\n";
        const lines = r.answers.map(recordLine).filter((l): l is string => l !== undefined);
        out += r.answers.length ? lines.join("") : `*** Can't find ${q.name}: No answer\n`;
      }
      io.stdout(out + "\n");
    });
    if (unanswered.length) io.stdout(unanswered.map((n) => `*** Can't find ${n}: No answer\n`).join("") + "\n");
    return exitCode;
  }
  io.stdout(";; connection timed out; no servers could be reached\n\n");
  return 1;
};

export const NSLOOKUP_BUILTINS: [string, Builtin][] = [["nslookup", nslookup]];
