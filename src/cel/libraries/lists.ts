/** Kubernetes' CEL list library: isSorted, sum, min, max, indexOf, lastIndexOf. */
import { celMethod, CelScalar, isCelList, listType, type CelFunc, type CelList, type CelValue } from "@bufbuild/cel";
import { celEquals, compareValues } from "../values.js";
import { charge } from "../cost.js";

const anyList = listType(CelScalar.DYN);

function items(l: CelList): CelValue[] {
  const out = [...l];
  charge(out.length);
  return out;
}

function ordered(l: CelValue[], name: string): CelValue[] {
  for (const v of l) if (!(typeof v === "bigint" || typeof v === "number" || typeof v === "string" || typeof v === "boolean" || (typeof v === "object" && v !== null && !isCelList(v)))) throw new Error(`no such overload: ${name}`);
  return l;
}

export const listsLibrary: CelFunc[] = [
  celMethod("isSorted", anyList, [], CelScalar.BOOL, function () {
    const l = ordered(items(this), "isSorted");
    for (let i = 1; i < l.length; i++) if (compareValues(l[i - 1], l[i]) > 0) return false;
    return true;
  }),
  celMethod("sum", anyList, [], CelScalar.DYN, function () {
    const l = items(this);
    if (l.length === 0) return 0n;
    if (l.every((v) => typeof v === "bigint")) {
      const s = (l as bigint[]).reduce((a, b) => a + b, 0n);
      if (s > 9223372036854775807n || s < -9223372036854775808n) throw new Error("integer overflow");
      return s;
    }
    if (l.every((v) => typeof v === "number")) return (l as number[]).reduce((a, b) => a + b, 0);
    throw new Error("no such overload: sum");
  }),
  celMethod("min", anyList, [], CelScalar.DYN, function () {
    const l = ordered(items(this), "min");
    if (l.length === 0) throw new Error("min called on empty list");
    return l.reduce((a, b) => (compareValues(b, a) < 0 ? b : a));
  }),
  celMethod("max", anyList, [], CelScalar.DYN, function () {
    const l = ordered(items(this), "max");
    if (l.length === 0) throw new Error("max called on empty list");
    return l.reduce((a, b) => (compareValues(b, a) > 0 ? b : a));
  }),
  celMethod("indexOf", anyList, [CelScalar.DYN], CelScalar.INT, function (x) {
    const l = items(this);
    return BigInt(l.findIndex((v) => celEquals(v, x)));
  }),
  celMethod("lastIndexOf", anyList, [CelScalar.DYN], CelScalar.INT, function (x) {
    const l = items(this);
    for (let i = l.length - 1; i >= 0; i--) if (celEquals(l[i], x)) return BigInt(i);
    return -1n;
  }),
];
