/** Kubernetes' CEL quantity library: quantity(), isQuantity() and Quantity arithmetic and comparison. */
import { celFunc, celMethod, CelScalar, type CelFunc } from "@bufbuild/cel";
import { parseQuantity, Quantity } from "../../api/validation/core-quantity.js";
import { expect, opaque, unwrap } from "./opaque.js";

const wrap = (q: Quantity) => opaque("quantity", q.toString());
const q = (v: unknown) => expect("quantity", v, (p) => parseQuantity(String(p)));

/** A Quantity or an int operand. */
function operand(v: unknown): Quantity {
  if (typeof v === "bigint") return Quantity.fromInt(v);
  return q(v);
}

const MAX_INT64 = 9223372036854775807n;

export const quantityLibrary: CelFunc[] = [
  celFunc("quantity", [CelScalar.STRING], CelScalar.DYN, (s) => wrap(parseQuantity(s))),
  celFunc("isQuantity", [CelScalar.STRING], CelScalar.BOOL, (s) => {
    try {
      parseQuantity(s);
      return true;
    } catch {
      return false;
    }
  }),
  celMethod("sign", CelScalar.DYN, [], CelScalar.INT, function () {
    return BigInt(q(this).sign());
  }),
  celMethod("isInteger", CelScalar.DYN, [], CelScalar.BOOL, function () {
    const v = q(this);
    return v.nanos % 1_000_000_000n === 0n && v.value() <= MAX_INT64 && v.value() >= -MAX_INT64 - 1n;
  }),
  celMethod("asInteger", CelScalar.DYN, [], CelScalar.INT, function () {
    const v = q(this);
    if (v.nanos % 1_000_000_000n !== 0n || v.value() > MAX_INT64 || v.value() < -MAX_INT64 - 1n) throw new Error("cannot convert value to integer");
    return v.value();
  }),
  celMethod("asApproximateFloat", CelScalar.DYN, [], CelScalar.DOUBLE, function () {
    return Number(q(this).nanos) / 1e9;
  }),
  celMethod("add", CelScalar.DYN, [CelScalar.DYN], CelScalar.DYN, function (o) {
    return wrap(q(this).add(operand(o)));
  }),
  celMethod("sub", CelScalar.DYN, [CelScalar.DYN], CelScalar.DYN, function (o) {
    return wrap(q(this).sub(operand(o)));
  }),
  celMethod("compareTo", CelScalar.DYN, [CelScalar.DYN], CelScalar.INT, function (o) {
    return BigInt(q(this).cmp(q(o)));
  }),
  celMethod("isGreaterThan", CelScalar.DYN, [CelScalar.DYN], CelScalar.BOOL, function (o) {
    return q(this).cmp(q(o)) > 0;
  }),
  celMethod("isLessThan", CelScalar.DYN, [CelScalar.DYN], CelScalar.BOOL, function (o) {
    return q(this).cmp(q(o)) < 0;
  }),
];

export function isQuantityValue(v: unknown): boolean {
  return unwrap("quantity", v) !== undefined;
}
