/** Optional values, as oldSelf is under optionalOldSelf: hasValue(), value(), orValue(). */
import { celMethod, CelScalar, type CelFunc, type CelInput, type CelValue } from "@bufbuild/cel";
import { opaque, unwrap } from "./opaque.js";

const NONE = "@none";

export function optionalOf(v: CelInput | undefined): CelValue {
  return opaque("optional", v === undefined ? NONE : { value: v });
}

function payload(v: unknown): { present: boolean; value?: CelValue } {
  const p = unwrap("optional", v);
  if (p === undefined) throw new Error("no such overload");
  if (p === NONE) return { present: false };
  const m = p as unknown as { get(k: string): CelValue | undefined };
  return { present: true, value: m.get("value") };
}

export const optionalLibrary: CelFunc[] = [
  celMethod("hasValue", CelScalar.DYN, [], CelScalar.BOOL, function () {
    return payload(this).present;
  }),
  celMethod("value", CelScalar.DYN, [], CelScalar.DYN, function () {
    const p = payload(this);
    if (!p.present) throw new Error("optional.none() dereference");
    return p.value as CelValue;
  }),
  celMethod("orValue", CelScalar.DYN, [CelScalar.DYN], CelScalar.DYN, function (d) {
    const p = payload(this);
    return (p.present ? p.value : d) as CelValue;
  }),
];
