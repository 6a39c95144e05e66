/**
 * Resource quantities ("500m", "1Gi", "2e3") as upstream's resource.Quantity:
 * exact parsing, comparison and the canonical form the API server returns.
 *
 * A quantity is held as an exact count of nano-units (value × 10^9, rounded
 * up as upstream rounds below its nano precision) plus the format its suffix
 * chose, which decides how it is written back.
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export interface Quantity {
  /** The value × 10^9. */
  nanos: bigint;
  format: QuantityFormat;
}

/** Upstream's ErrFormatWrong text, seen when a quantity cannot be decoded. */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const quantityRe = /^([+-]?)(\d+\.?\d*|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

const decimalSuffix: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffix: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const NANO = 10n ** 9n;

const pow10 = (n: number): bigint => 10n ** BigInt(n);

function ceilDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den !== 0n && num > 0n ? q + 1n : q;
}

/** Parses a quantity as JSON carries it (a string, or a bare number); undefined when malformed. */
export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === "number") {
    if (!Number.isFinite(input)) return undefined;
    input = String(input);
  }
  if (typeof input !== "string") return undefined;
  const m = quantityRe.exec(input.trim() === input ? input : "");
  if (!m) return undefined;
  const [, sign, number, suffix, exponent] = m;
  const [whole, frac = ""] = number.split(".");
  const digits = BigInt((whole || "0") + frac);
  let num = digits * NANO;
  let den = pow10(frac.length);
  let format: QuantityFormat = "DecimalSI";
  if (exponent !== undefined) {
    format = "DecimalExponent";
    const e = Number(exponent);
    if (Math.abs(e) > 1000) return undefined;
    if (e >= 0) num *= pow10(e);
    else den *= pow10(-e);
  } else if (suffix && suffix in binarySuffix) {
    format = "BinarySI";
    num *= 1n << BigInt(binarySuffix[suffix]);
  } else {
    const e = decimalSuffix[suffix ?? ""];
    if (e >= 0) num *= pow10(e);
    else den *= pow10(-e);
  }
  const nanos = ceilDiv(num, den);
  return { nanos: sign === "-" ? -nanos : nanos, format };
}

/** -1, 0 or 1, as Quantity.Cmp. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.format };
}

const decimalBySuffixExp: Record<number, string> = { [-9]: "n", [-6]: "u", [-3]: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E" };
const binaryNames = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/** The canonical text upstream writes back: "0.5" is "500m", "1024Mi" is "1Gi", "2000m" is "2". */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return "0";
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  const sign = negative ? "-" : "";
  if (q.format === "BinarySI" && abs >= 1024n * NANO && abs % NANO === 0n) {
    let v = abs / NANO;
    let k = 0;
    while (k < 6 && v % 1024n === 0n) {
      v /= 1024n;
      k++;
    }
    return `${sign}${v}${binaryNames[k]}`;
  }
  // The largest power of ten (a multiple of 3, within n..E) that keeps the mantissa whole.
  let trailing = 0;
  let v = abs;
  while (v % 10n === 0n) {
    v /= 10n;
    trailing++;
  }
  let exp = Math.floor((trailing - 9) / 3) * 3;
  exp = Math.min(18, Math.max(-9, exp));
  const mantissa = abs / pow10(9 + exp);
  if (q.format === "DecimalExponent") return exp === 0 ? `${sign}${mantissa}` : `${sign}${mantissa}e${exp}`;
  return `${sign}${mantissa}${decimalBySuffixExp[exp]}`;
}

/** Canonical text for a quantity given as JSON, or undefined when it does not parse. */
export function canonicalQuantity(input: unknown): string | undefined {
  const q = parseQuantity(input);
  return q && formatQuantity(q);
}

/** Whether the value is a whole number of units (upstream: MilliValue() % 1000 == 0). */
export function isWholeQuantity(q: Quantity): boolean {
  return q.nanos % NANO === 0n;
}
