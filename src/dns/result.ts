/**
 * The answer to one question, before it is put on the wire: the response
 * code, the header bits a resolver reads, and the three record sections.
 */
import type { Answer } from "dns-packet";

export type Rcode = "NOERROR" | "FORMERR" | "SERVFAIL" | "NXDOMAIN" | "NOTIMP" | "REFUSED";

export const RCODE_NUMBERS: Record<Rcode, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

export interface DnsResult {
  rcode: Rcode;
  /** aa: the answer comes from the zone's own data (the cluster zone), not from an upstream. */
  authoritative: boolean;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

export function rcodeName(n: number): Rcode | undefined {
  return (Object.keys(RCODE_NUMBERS) as Rcode[]).find((k) => RCODE_NUMBERS[k] === n);
}

/** A failure with nothing to say: SERVFAIL, no records. */
export function serverFailure(): DnsResult {
  return { rcode: "SERVFAIL", authoritative: false, answers: [], authorities: [], additionals: [] };
}

/** Removes repeated records (same name, type and data), keeping the first. */
export function dedupRecords(records: Answer[]): Answer[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = `${r.name.toLowerCase()}|${r.type}|${JSON.stringify("data" in r ? r.data : r)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
