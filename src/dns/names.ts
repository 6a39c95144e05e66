/**
 * Domain-name functions shared by the cluster records, the forwarder and the
 * pod resolver. Names are handled without the trailing dot and compared in
 * lower case, as DNS compares them; answers keep the spelling asked.
 */
import net from "node:net";

/** "Web.Default.svc.cluster.local." -> "web.default.svc.cluster.local". */
export function canonicalName(name: string): string {
  return name.replace(/\.$/, "").toLowerCase();
}

/** The labels of a name below zone, or undefined when name is not in zone ("" zone is the root). */
export function labelsBelow(name: string, zone: string): string[] | undefined {
  const n = canonicalName(name);
  const z = canonicalName(zone);
  if (z === "") return n === "" ? [] : n.split(".");
  if (n === z) return [];
  if (!n.endsWith(`.${z}`)) return undefined;
  return n.slice(0, n.length - z.length - 1).split(".");
}

export function isInZone(name: string, zone: string): boolean {
  return labelsBelow(name, zone) !== undefined;
}

/** An endpoint's DNS label when it has no hostname: its address with dashes (10-244-1-5, fd00--5). */
export function dashedAddress(ip: string): string {
  return ip.includes(".") ? ip.replaceAll(".", "-") : ip.replaceAll(":", "-");
}

/** The address a dashed pod label names ("10-244-1-5" -> "10.244.1.5"), or undefined when it names none. */
export function addressOfDashed(label: string): string | undefined {
  const ip = (label.split("-").length === 4 && !label.includes("--")) ? label.replaceAll("-", ".") : label.replaceAll("-", ":");
  return net.isIP(ip) ? ip : undefined;
}

/** The address a reverse name stands for: "5.1.244.10.in-addr.arpa" -> "10.244.1.5"; undefined when it names none. */
export function addressOfReverse(name: string): string | undefined {
  const v4 = labelsBelow(name, "in-addr.arpa");
  if (v4) {
    if (v4.length !== 4 || !v4.every((o) => /^\d{1,3}$/.test(o) && Number(o) < 256)) return undefined;
    return [...v4].reverse().map(Number).join(".");
  }
  const v6 = labelsBelow(name, "ip6.arpa");
  if (v6) {
    if (v6.length !== 32 || !v6.every((d) => /^[0-9a-f]$/.test(d))) return undefined;
    const hex = [...v6].reverse().join("");
    const groups = hex.match(/.{4}/g)!.join(":");
    return net.isIPv6(groups) ? normalizeAddress(groups) : undefined;
  }
  return undefined;
}

/** The reverse name of an address: "10.244.1.5" -> "5.1.244.10.in-addr.arpa". */
export function reverseName(ip: string): string {
  if (net.isIPv4(ip)) return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
  return `${expandIPv6(ip).replaceAll(":", "").split("").reverse().join(".")}.ip6.arpa`;
}

export function isReverseName(name: string): boolean {
  return isInZone(name, "in-addr.arpa") || isInZone(name, "ip6.arpa");
}

/** An address in its shortest usual form, so that "fd00:0::5" and "fd00::5" compare equal. */
export function normalizeAddress(ip: string): string {
  if (!net.isIPv6(ip)) return ip;
  const groups = expandIPv6(ip).split(":").map((g) => g.replace(/^0+(?=.)/, ""));
  // The longest run of zero groups (two or more) becomes "::", as RFC 5952 writes it.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.len).join(":")}`;
}

/** "fd00::5" -> "fd00:0000:0000:0000:0000:0000:0000:0005". */
export function expandIPv6(ip: string): string {
  let [head, tail] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = (s: string) => s.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) => `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  head = v4(head);
  const h = head ? head.split(":") : [];
  const t = tail === undefined ? [] : tail ? v4(tail).split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => g.padStart(4, "0")).join(":");
}

