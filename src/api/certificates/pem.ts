/**
 * Just enough PEM and DER to validate what a CertificateSigningRequest
 * carries: the blocks of a PEM text, and whether a DER body is one
 * well-formed ASN.1 SEQUENCE.
 */

export interface PemBlock {
  type: string;
  der: Buffer;
}

const blockRe = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** The PEM blocks in text, in order; undefined for text with none. */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(blockRe)) out.push({ type: m[1], der: Buffer.from(m[2].replace(/[^A-Za-z0-9+/=]/g, ""), "base64") });
  return out;
}

/** Reads a DER length at `at`; returns [length, headerBytes] or undefined. */
function derLength(buf: Buffer, at: number): [number, number] | undefined {
  if (at >= buf.length) return undefined;
  const first = buf[at];
  if (first < 0x80) return [first, 1];
  const n = first & 0x7f;
  if (n === 0 || n > 4 || at + n >= buf.length) return undefined;
  let len = 0;
  for (let i = 1; i <= n; i++) len = len * 256 + buf[at + i];
  return [len, 1 + n];
}

/** The children of the SEQUENCE at the start of buf, as [tag, start, end] triples; undefined when malformed. */
export function derSequence(buf: Buffer): Array<[number, number, number]> | undefined {
  if (buf.length < 2 || buf[0] !== 0x30) return undefined;
  const outer = derLength(buf, 1);
  if (!outer || 1 + outer[1] + outer[0] !== buf.length) return undefined;
  const children: Array<[number, number, number]> = [];
  let at = 1 + outer[1];
  while (at < buf.length) {
    const tag = buf[at];
    const l = derLength(buf, at + 1);
    if (!l) return undefined;
    const end = at + 1 + l[1] + l[0];
    if (end > buf.length) return undefined;
    children.push([tag, at, end]);
    at = end;
  }
  return children;
}

/** A PKCS#10 request or an X.509 certificate: SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }. */
export function isSignedStructure(der: Buffer): boolean {
  const kids = derSequence(der);
  return !!kids && kids.length === 3 && kids[0][0] === 0x30 && kids[1][0] === 0x30 && kids[2][0] === 0x03;
}

/** Upstream's ParseCSR failure text, or undefined when `pem` holds a CSR. */
export function csrError(pem: string): string | undefined {
  const [block] = pemBlocks(pem);
  if (!block || block.type !== "CERTIFICATE REQUEST") return "PEM block type must be CERTIFICATE REQUEST";
  if (!isSignedStructure(block.der)) return "x509: malformed certificate request";
  return undefined;
}

/** Upstream's certificate status checks, or undefined when `pem` holds only certificates. */
export function certificateChainError(pem: string): string | undefined {
  const blocks = pemBlocks(pem);
  if (blocks.length === 0) return "must contain at least one CERTIFICATE PEM block";
  for (const b of blocks) {
    if (b.type !== "CERTIFICATE") return `only CERTIFICATE PEM blocks are allowed, found "${b.type}"`;
    if (!isSignedStructure(b.der)) return "x509: malformed certificate";
  }
  return undefined;
}
