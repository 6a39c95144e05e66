/**
 * busybox wget over the container's pod network (ShellContext.net): HTTP
 * GET of each URL into a file named after its path (index.html for /), or
 * where -O says (- is stdout). Names resolve as the container's resolver
 * would; output and errors are worded as busybox 1.36 words them.
 *
 * A name that does not resolve is a bad address (after the resolver's
 * timeout when no nameserver answers); a connection the network drops
 * times out: after -T seconds ("download timed out"), or after the
 * kernel's SYN retries (127s) when -T is longer, as busybox's alarm around
 * connect() does.
 *
 * Example (what the test pod of `helm create` runs):
 *   $ wget demo:80
 *   Connecting to demo:80 (10.96.0.20:80)
 *   saving to 'index.html'
 *   ...
 */
import { STATUS_CODES } from "node:http";
import { errnoText, NetError, resolvePath, type Builtin, type NetRequest, type NetResponse, type ShellNetwork } from "../types.js";

/** busybox wget's default network timeout (-T), in seconds. */
const DEFAULT_TIMEOUT_S = 900;
/** How long Linux's connect() keeps retrying an unanswered SYN (tcp_syn_retries 6: 1+2+4+8+16+32+64 s). */
const KERNEL_CONNECT_TIMEOUT_S = 127;

const USAGE =
  "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n" +
  "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n" +
  "\t[--post-data STR | --post-file FILE] [-Y on/off]\n" +
  "\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\n" +
  "Retrieve files via HTTP or FTP\n";

/** Long options that take a value, and the short letters that do; then the flags. */
const LONG_WITH_VALUE: Record<string, string> = { "--output-document": "O", "--output-file": "o", "--directory-prefix": "P", "--user-agent": "U", "--timeout": "T", "--header": "header", "--proxy": "Y", "--post-data": "post", "--post-file": "post" };
const SHORT_WITH_VALUE = new Set(["O", "o", "P", "U", "T", "Y"]);
const LONG_FLAGS: Record<string, string> = { "--quiet": "q", "--server-response": "S", "--spider": "s", "--continue": "c", "--no-check-certificate": "c" };
const SHORT_FLAGS = new Set(["q", "S", "s", "c"]);

interface Options {
  quiet: boolean;
  spider: boolean;
  headers: boolean;
  output?: string;
  prefix?: string;
  /** -T: seconds. */
  timeout: number;
  urls: string[];
}

/** getopt_long over busybox wget's options; an error message on bad arguments. */
function parseArgs(args: string[]): Options | { error: string; usage: boolean } {
  const o: Options = { quiet: false, spider: false, headers: false, timeout: DEFAULT_TIMEOUT_S, urls: [] };
  let badTimeout: string | undefined;
  const set = (opt: string, value?: string) => {
    if (opt === "q") o.quiet = true;
    else if (opt === "s") o.spider = true;
    else if (opt === "S") o.headers = true;
    else if (opt === "O") o.output = value;
    else if (opt === "P") o.prefix = value;
    else if (opt === "T") {
      // xatou_range: a whole number of seconds.
      if (/^\d+$/.test(value ?? "")) o.timeout = Number(value);
      else badTimeout ??= `wget: invalid number '${value}'\n`;
    }
  };
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      o.urls.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a : a.slice(0, eq);
      if (LONG_FLAGS[name] && eq < 0) set(LONG_FLAGS[name]);
      else if (LONG_WITH_VALUE[name]) {
        let value = eq < 0 ? undefined : a.slice(eq + 1);
        if (value === undefined) {
          if (i + 1 >= args.length) return { error: `wget: option '${name}' requires an argument\n`, usage: true };
          value = args[++i];
        }
        set(LONG_WITH_VALUE[name], value);
      } else return { error: `wget: unrecognized option '${a}'\n`, usage: true };
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (SHORT_FLAGS.has(f)) set(f);
        else if (SHORT_WITH_VALUE.has(f)) {
          let value = a.slice(j + 1);
          if (!value) {
            if (i + 1 >= args.length) return { error: `wget: option requires an argument -- '${f}'\n`, usage: true };
            value = args[++i];
          }
          set(f, value);
          break;
        } else return { error: `wget: invalid option -- '${f}'\n`, usage: true };
      }
      continue;
    }
    o.urls.push(a);
  }
  // xatou dies without the usage text.
  return badTimeout ? { error: badTimeout, usage: false } : o;
}

interface Target {
  /** As given, with its port if it had one: busybox names the host so in messages. */
  shownHost: string;
  host: string;
  port: number;
  path: string;
}

function parseUrl(url: string): Target | undefined {
  let rest = url;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url);
  if (scheme) {
    if (scheme[1].toLowerCase() !== "http") return undefined;
    rest = url.slice(scheme[0].length);
  }
  const slash = rest.indexOf("/");
  const shownHost = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? "/" : rest.slice(slash);
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(shownHost);
  if (!m || !m[1]) return undefined;
  const port = m[2] ? Number(m[2]) : 80;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { shownHost, host: m[1].replace(/^\[|\]$/g, ""), port, path };
}

/** Without a pod network: literals and localhost resolve, and nothing answers. */
const NO_NETWORK: ShellNetwork = {
  lookup: (host) => (host === "localhost" ? { ok: true, addresses: ["127.0.0.1"] } : /^[\d.]+$|:/.test(host) ? { ok: true, addresses: [host] } : { ok: false, failure: "NXDOMAIN" }),
  connect: (address) => {
    throw new NetError(/^127\.|^::1$/.test(address) ? "ECONNREFUSED" : "EHOSTUNREACH");
  },
};

/** The file name wget saves a path to. */
function localName(path: string): string {
  const p = path.replace(/[?#].*$/, "");
  const base = p.slice(p.lastIndexOf("/") + 1);
  return base ? decodeURIComponent(base) : "index.html";
}

function progressLine(name: string, size: number): string {
  const label = name.length > 20 ? name.slice(0, 20) : name.padEnd(20);
  return `${label} 100% |${"*".repeat(32)}| ${String(size).padStart(5)}  0:00:00 ETA\n`;
}

const wget: Builtin = async (args, io, sh) => {
  const parsed = parseArgs(args);
  if ("error" in parsed) {
    io.stderr(parsed.error + (parsed.usage ? USAGE : ""));
    return 1;
  }
  if (parsed.urls.length === 0) {
    io.stderr(USAGE);
    return 1;
  }
  const net = sh.net ?? NO_NETWORK;
  for (const url of parsed.urls) {
    const target = parseUrl(url);
    if (!target) {
      io.stderr(`wget: not an http or ftp url: ${url}\n`);
      return 1;
    }
    const found = await net.lookup(target.host);
    if (!found.ok) {
      if (found.waitMs) await sh.sleep(found.waitMs);
      io.stderr(`wget: bad address '${target.shownHost}'\n`);
      return 1;
    }
    const address = found.addresses[0];
    const dotted = address.includes(":") ? `[${address}]:${target.port}` : `${address}:${target.port}`;
    if (!parsed.quiet) io.stderr(`Connecting to ${target.shownHost} (${dotted})\n`);
    let handler: (req: NetRequest) => NetResponse;
    try {
      handler = await net.connect(address, target.port);
    } catch (err) {
      if (!(err instanceof NetError)) throw err;
      if (err.code === "ETIMEDOUT") {
        await sh.sleep(Math.min(parsed.timeout, KERNEL_CONNECT_TIMEOUT_S) * 1000);
        if (parsed.timeout <= KERNEL_CONNECT_TIMEOUT_S) {
          io.stderr("wget: download timed out\n");
          return 1;
        }
      }
      io.stderr(`wget: can't connect to remote host (${address}): ${err.message}\n`);
      return 1;
    }
    const res = handler({ method: parsed.spider ? "HEAD" : "GET", target: target.path });
    const statusLine = `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ""}`.trimEnd();
    const body = typeof res.body === "string" ? Buffer.from(res.body) : res.body;
    if (parsed.headers) io.stderr(`  ${statusLine}\r\n  Content-Type: ${res.contentType}\r\n  Content-Length: ${body.length}\r\n  Connection: close\r\n  \r\n`);
    if (res.status < 200 || res.status >= 300) {
      io.stderr(`wget: server returned error: ${statusLine}\n`);
      return 1;
    }
    if (parsed.spider) {
      if (!parsed.quiet) io.stderr("remote file exists\n");
      continue;
    }
    const name = parsed.output ?? localName(target.path);
    if (name === "-") {
      if (!parsed.quiet) io.stderr("writing to stdout\n");
      io.stdout(body);
      if (!parsed.quiet) io.stderr(progressLine("-", body.length) + "written to stdout\n");
      continue;
    }
    const file = resolvePath(sh.cwd, parsed.prefix && parsed.output === undefined ? `${parsed.prefix}/${name}` : name);
    if (parsed.output === undefined && sh.fs.lstat(file)) {
      io.stderr(`wget: can't open '${name}': File exists\n`);
      return 1;
    }
    if (!parsed.quiet) io.stderr(`saving to '${name}'\n`);
    try {
      sh.fs.writeFile(file, body);
    } catch (err) {
      io.stderr(`wget: can't open '${name}': ${errnoText(err)}\n`);
      return 1;
    }
    if (!parsed.quiet) io.stderr(progressLine(name, body.length) + `'${name}' saved\n`);
  }
  return 0;
};

export const WGET_BUILTINS: [string, Builtin][] = [["wget", wget]];
