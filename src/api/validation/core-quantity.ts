/**
 * Kubernetes resource quantities ("500m", "1.5Gi", "1e3"), parsed and
 * printed as upstream's resource.Quantity: the value is kept exactly as a
 * count of nano-units (upstream rounds anything finer up to 1n), and
 * String() gives the canonical form the API server stores and returns.
 *
 *   parseQuantity("1.5Gi").toString()  === "1536Mi"
 *   parseQuantity("0.5").toString()    === "500m"
 *   parseQuantity("1024Mi").toString() === "1Gi"
 *   parseQuantity("12e2").toString()   === "1200"
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** Upstream's ErrFormatWrong text, as clients see it for a malformed quantity. */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_ERROR = "unable to parse quantity's suffix";
const NUMERIC_ERROR = "unable to parse numeric part of quantity";

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuantityError";
  }
}

const NANO = 1_000_000_000n;

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binaryByExponent = new Map(Object.entries(binarySuffixes).map(([s, e]) => [e, s]));

const shapeRe = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Integer division rounding away from zero (upstream rounds sub-nano values up). */
function divCeilAway(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : a < 0n ? q - 1n : q + 1n;
}

export class Quantity {
  private constructor(
    /** The exact value in units of 10^-9. */
    readonly nanos: bigint,
    readonly format: QuantityFormat,
  ) {}

  static fromNanos(nanos: bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(nanos, format);
  }

  static fromInt(value: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(BigInt(value) * NANO, format);
  }

  static fromMilli(milli: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(BigInt(milli) * 1_000_000n, format);
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.nanos < 0n ? -1 : this.nanos > 0n ? 1 : 0;
  }

  /** -1, 0 or 1 as upstream's Cmp. */
  cmp(other: Quantity): -1 | 0 | 1 {
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }

  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.format);
  }

  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.format);
  }

  /** The value rounded up to a whole number, as upstream's Value(). */
  value(): bigint {
    return divCeilAway(this.nanos, NANO);
  }

  /** The value in thousandths, rounded up, as upstream's MilliValue(). */
  milliValue(): bigint {
    return divCeilAway(this.nanos, 1_000_000n);
  }

  /** The canonical form, as upstream's Quantity.String(). */
  toString(): string {
    if (this.nanos === 0n) return "0";
    let format = this.format;
    if (format === "BinarySI") {
      const small = this.nanos > -1024n * NANO && this.nanos < 1024n * NANO;
      // Values below 1024 or with a fraction would need rounding in base 1024.
      if (small || this.nanos % NANO !== 0n) format = "DecimalSI";
    }
    if (format === "BinarySI") {
      let amount = this.nanos / NANO;
      let exponent = 0;
      while (exponent < 60 && amount % 1024n === 0n) {
        amount /= 1024n;
        exponent += 10;
      }
      return `${amount}${binaryByExponent.get(exponent) ?? ""}`;
    }
    let amount = this.nanos;
    let exponent = -9;
    while (amount % 10n === 0n) {
      amount /= 10n;
      exponent++;
    }
    // Keep the exponent a multiple of 3 so that an SI suffix fits.
    const rem = ((exponent % 3) + 3) % 3;
    if (rem !== 0) {
      amount *= pow10(rem);
      exponent -= rem;
    }
    return `${amount}${suffixFor(exponent, format)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function suffixFor(exponent: number, format: QuantityFormat): string {
  if (exponent === 0) return "";
  if (format === "DecimalSI") {
    const s = decimalByExponent.get(exponent);
    if (s !== undefined) return s;
  }
  return `e${exponent}`;
}

interface Suffix {
  base: 10 | 2;
  exponent: number;
  format: QuantityFormat;
}

function parseSuffix(s: string): Suffix | undefined {
  if (s in decimalSuffixes) return { base: 10, exponent: decimalSuffixes[s], format: "DecimalSI" };
  if (s in binarySuffixes) return { base: 2, exponent: binarySuffixes[s], format: "BinarySI" };
  const m = /^[eE]([+-]?\d+)$/.exec(s);
  if (m) {
    const exponent = Number(m[1]);
    if (!Number.isSafeInteger(exponent)) return undefined;
    return { base: 10, exponent, format: "DecimalExponent" };
  }
  return undefined;
}

/** Parses a quantity or throws a QuantityError with upstream's message. */
export function parseQuantity(input: string | number): Quantity {
  const str = typeof input === "number" ? String(input) : input.trim();
  if (str.length === 0) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  const m = shapeRe.exec(str);
  if (!m) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  const [, sign, whole, frac = "", suffixText] = m;
  if (whole.length === 0 && frac.length === 0) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  if (/[^eEinumkKMGTP0-9+-]/.test(suffixText)) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  const suffix = parseSuffix(suffixText);
  if (!suffix) throw new QuantityError(SUFFIX_ERROR);
  if (suffix.base === 10 && Math.abs(suffix.exponent) > 1000) throw new QuantityError(NUMERIC_ERROR);

  // value = digits * 10^-frac.length * base^exponent, kept in nanos.
  let numerator = BigInt(`${whole || "0"}${frac}`);
  let denominator = pow10(frac.length);
  if (suffix.base === 2) numerator <<= BigInt(suffix.exponent);
  else if (suffix.exponent >= 0) numerator *= pow10(suffix.exponent);
  else denominator *= pow10(-suffix.exponent);
  let nanos = divCeilAway(numerator * NANO, denominator);
  if (sign === "-") nanos = -nanos;

  let format = suffix.format;
  // A binary quantity below one is shown in decimal, as upstream does.
  if (format === "BinarySI" && nanos > 0n && nanos < NANO) format = "DecimalSI";
  return Quantity.fromNanos(nanos, format);
}

/** Parses without throwing; undefined when malformed. */
export function tryParseQuantity(input: unknown): Quantity | undefined {
  if (typeof input !== "string" && typeof input !== "number") return undefined;
  try {
    return parseQuantity(input);
  } catch {
    return undefined;
  }
}

/** The canonical form of a quantity string, or the input unchanged when malformed. */
export function canonicalQuantity(input: unknown): unknown {
  const q = tryParseQuantity(input);
  return q ? q.toString() : input;
}

/**
 * Rewrites every value of a ResourceList to its canonical form in place, as
 * a round trip through upstream's typed decoding does ("1024Mi" -> "1Gi").
 */
export function canonicalizeResourceList(list: Record<string, unknown> | undefined | null): void {
  if (!list) return;
  for (const [k, v] of Object.entries(list)) list[k] = canonicalQuantity(v);
}
