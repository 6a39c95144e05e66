/**
 * kube-proxy's chain names, hashed as upstream: the first 16 characters of
 * the base32 (RFC 4648, upper case) encoding of sha256(servicePortName +
 * protocol [+ endpoint]), after a prefix that says what the chain does.
 * Chain names must stay within iptables' 28 characters, and being the same
 * as upstream's lets a user compare a Skiff node's table with a real one.
 *
 * Example: servicePortChainName("KUBE-SVC-", "ns1/svc1:p80", "tcp") === "KUBE-SVC-XPGD46QRK7WJZT7O"
 */
import { createHash } from "node:crypto";

export const KUBE_SERVICES = "KUBE-SERVICES";
export const KUBE_EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES";
export const KUBE_NODEPORTS = "KUBE-NODEPORTS";
export const KUBE_POSTROUTING = "KUBE-POSTROUTING";
export const KUBE_MARK_MASQ = "KUBE-MARK-MASQ";
export const KUBE_FORWARD = "KUBE-FORWARD";
export const KUBE_PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
/** The kubelet's anti-martian chain, which kube-proxy also writes. */
export const KUBE_FIREWALL = "KUBE-FIREWALL";

export const SVC_PREFIX = "KUBE-SVC-";
export const SVL_PREFIX = "KUBE-SVL-";
export const FW_PREFIX = "KUBE-FW-";
export const EXT_PREFIX = "KUBE-EXT-";
export const SEP_PREFIX = "KUBE-SEP-";

const SERVICE_CHAIN_PREFIXES = [SVC_PREFIX, SVL_PREFIX, SEP_PREFIX, FW_PREFIX, EXT_PREFIX];

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The first 16 base32 characters of sha256(text): 80 bits, exactly the first 10 bytes. */
export function hash16(text: string): string {
  const digest = createHash("sha256").update(text).digest();
  let out = "";
  let bits = 0;
  let value = 0;
  for (let i = 0; i < 10; i++) {
    value = (value << 8) | digest[i];
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** KUBE-SVC-/KUBE-SVL-/KUBE-EXT-/KUBE-FW- + hash of "ns/name:port" + lower-case protocol. */
export function servicePortChainName(prefix: string, servicePortName: string, protocol: string): string {
  return prefix + hash16(servicePortName + protocol);
}

/** KUBE-SEP- + hash of "ns/name:port" + lower-case protocol + "ip:port". */
export function endpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return SEP_PREFIX + hash16(servicePortName + protocol + endpoint);
}

/** Whether a chain is one of the per-service chains kube-proxy creates (and may delete). */
export function isServiceChainName(chain: string): boolean {
  return SERVICE_CHAIN_PREFIXES.some((p) => chain.startsWith(p));
}
