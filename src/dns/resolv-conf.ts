/**
 * resolv.conf as glibc reads it: `nameserver`, `search` (the last of
 * `search`/`domain` wins), `options` (ndots:N and the rest, kept as
 * written). Used for the host's resolvers the forwarder asks and for a
 * pod's resolv.conf in resolveForPod.
 */
export interface ResolvConf {
  servers: string[];
  searches: string[];
  options: string[];
}

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { servers: [], searches: [], options: [] };
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*$/, "").trim();
    if (!line) continue;
    const [key, ...values] = line.split(/\s+/);
    if (key === "nameserver" && values[0]) conf.servers.push(values[0]);
    else if (key === "search" || key === "domain") conf.searches = values.filter((v) => v !== ".").map((v) => v.replace(/\.$/, ""));
    else if (key === "options") conf.options.push(...values);
  }
  return conf;
}

export function renderResolvConf(conf: ResolvConf): string {
  const lines = [...conf.servers.map((s) => `nameserver ${s}`)];
  if (conf.searches.length) lines.push(`search ${conf.searches.join(" ")}`);
  if (conf.options.length) lines.push(`options ${conf.options.join(" ")}`);
  return `${lines.join("\n")}\n`;
}

/** ndots from the options, 1 when absent (glibc's default), capped at 15 as glibc caps it. */
export function ndotsOf(conf: ResolvConf): number {
  let ndots = 1;
  for (const o of conf.options) {
    const m = /^ndots:(\d+)$/.exec(o);
    if (m) ndots = Math.min(15, Number(m[1]));
  }
  return ndots;
}
