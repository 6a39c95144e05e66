/**
 * The metric shapes of autoscaling/v1's annotations <-> autoscaling/v2's
 * fields, as upstream's per-source conversions in pkg/apis/autoscaling/v1:
 * v1 spells targets and currents flat (targetAverageValue, currentValue...),
 * v2 nests them (target: {type, value, averageValue, averageUtilization}).
 * Go's non-pointer Quantity fields come out as "0" when unset.
 */
type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const has = (o: Json, k: string) => o[k] !== undefined && o[k] !== null;
const quantity = (o: Json, k: string) => (has(o, k) ? o[k] : "0");

function copyIf(out: Json, outKey: string, src: Json, key: string): void {
  if (has(src, key)) out[outKey] = src[key];
}

function ref(r: unknown): Json {
  const src = obj(r);
  const out: Json = { kind: src.kind ?? "", name: src.name ?? "" };
  copyIf(out, "apiVersion", src, "apiVersion");
  return out;
}

/** v2 MetricIdentifier -> v1's name and selector fields. */
function identifier(src: Json, selectorKey: string): Json {
  const metric = obj(src.metric);
  const out: Json = { metricName: metric.name ?? "" };
  copyIf(out, selectorKey, metric, "selector");
  return out;
}

/** v1's name and selector fields -> v2 MetricIdentifier. */
function metricId(src: Json, selectorKey: string): Json {
  const out: Json = { name: src.metricName ?? "" };
  copyIf(out, "selector", src, selectorKey);
  return out;
}

export function metricSpecToV1(m: Json): Json {
  const out: Json = { type: m.type ?? "" };
  if (has(m, "object")) {
    const o = obj(m.object);
    const t = obj(o.target);
    out.object = { target: ref(o.describedObject), ...identifier(o, "selector"), targetValue: quantity(t, "value") };
    copyIf(out.object as Json, "averageValue", t, "averageValue");
  }
  if (has(m, "pods")) {
    const p = obj(m.pods);
    out.pods = { ...identifier(p, "selector"), targetAverageValue: quantity(obj(p.target), "averageValue") };
  }
  for (const key of ["resource", "containerResource"]) {
    if (!has(m, key)) continue;
    const r = obj(m[key]);
    const t = obj(r.target);
    const v: Json = { name: r.name ?? "" };
    copyIf(v, "targetAverageUtilization", t, "averageUtilization");
    copyIf(v, "targetAverageValue", t, "averageValue");
    if (key === "containerResource") v.container = r.container ?? "";
    out[key] = v;
  }
  if (has(m, "external")) {
    const e = obj(m.external);
    const t = obj(e.target);
    const v: Json = identifier(e, "metricSelector");
    copyIf(v, "targetValue", t, "value");
    copyIf(v, "targetAverageValue", t, "averageValue");
    out.external = v;
  }
  return out;
}

export function metricSpecFromV1(m: Json): Json {
  const out: Json = { type: m.type ?? "" };
  if (has(m, "object")) {
    const o = obj(m.object);
    const target: Json = { type: has(o, "averageValue") ? "AverageValue" : "Value", value: quantity(o, "targetValue") };
    copyIf(target, "averageValue", o, "averageValue");
    out.object = { describedObject: ref(o.target), metric: metricId(o, "selector"), target };
  }
  if (has(m, "pods")) {
    const p = obj(m.pods);
    out.pods = { metric: metricId(p, "selector"), target: { type: "AverageValue", averageValue: quantity(p, "targetAverageValue") } };
  }
  for (const key of ["resource", "containerResource"]) {
    if (!has(m, key)) continue;
    const r = obj(m[key]);
    const target: Json = { type: has(r, "targetAverageUtilization") ? "Utilization" : "AverageValue" };
    copyIf(target, "averageValue", r, "targetAverageValue");
    copyIf(target, "averageUtilization", r, "targetAverageUtilization");
    out[key] = key === "containerResource" ? { name: r.name ?? "", container: r.container ?? "", target } : { name: r.name ?? "", target };
  }
  if (has(m, "external")) {
    const e = obj(m.external);
    const target: Json = { type: has(e, "targetValue") ? "Value" : "AverageValue" };
    copyIf(target, "value", e, "targetValue");
    copyIf(target, "averageValue", e, "targetAverageValue");
    out.external = { metric: metricId(e, "metricSelector"), target };
  }
  return out;
}

export function metricStatusToV1(m: Json): Json {
  const out: Json = { type: m.type ?? "" };
  if (has(m, "object")) {
    const o = obj(m.object);
    const c = obj(o.current);
    out.object = { target: ref(o.describedObject), ...identifier(o, "selector"), currentValue: quantity(c, "value") };
    copyIf(out.object as Json, "averageValue", c, "averageValue");
  }
  if (has(m, "pods")) {
    const p = obj(m.pods);
    out.pods = { ...identifier(p, "selector"), currentAverageValue: quantity(obj(p.current), "averageValue") };
  }
  for (const key of ["resource", "containerResource"]) {
    if (!has(m, key)) continue;
    const r = obj(m[key]);
    const c = obj(r.current);
    const v: Json = { name: r.name ?? "" };
    copyIf(v, "currentAverageUtilization", c, "averageUtilization");
    v.currentAverageValue = quantity(c, "averageValue");
    if (key === "containerResource") v.container = r.container ?? "";
    out[key] = v;
  }
  if (has(m, "external")) {
    const e = obj(m.external);
    const c = obj(e.current);
    const v: Json = { ...identifier(e, "metricSelector"), currentValue: quantity(c, "value") };
    copyIf(v, "currentAverageValue", c, "averageValue");
    out.external = v;
  }
  return out;
}

export function metricStatusFromV1(m: Json): Json {
  const out: Json = { type: m.type ?? "" };
  if (has(m, "object")) {
    const o = obj(m.object);
    const current: Json = { value: quantity(o, "currentValue") };
    copyIf(current, "averageValue", o, "averageValue");
    out.object = { metric: metricId(o, "selector"), current, describedObject: ref(o.target) };
  }
  if (has(m, "pods")) {
    const p = obj(m.pods);
    out.pods = { metric: metricId(p, "selector"), current: { averageValue: quantity(p, "currentAverageValue") } };
  }
  for (const key of ["resource", "containerResource"]) {
    if (!has(m, key)) continue;
    const r = obj(m[key]);
    const current: Json = { averageValue: quantity(r, "currentAverageValue") };
    copyIf(current, "averageUtilization", r, "currentAverageUtilization");
    out[key] = key === "containerResource" ? { name: r.name ?? "", container: r.container ?? "", current } : { name: r.name ?? "", current };
  }
  if (has(m, "external")) {
    const e = obj(m.external);
    const current: Json = { value: quantity(e, "currentValue") };
    copyIf(current, "averageValue", e, "currentAverageValue");
    out.external = { metric: metricId(e, "metricSelector"), current };
  }
  return out;
}

const RULE_FIELDS: [string, string][] = [
  ["StabilizationWindowSeconds", "stabilizationWindowSeconds"],
  ["SelectPolicy", "selectPolicy"],
  ["Policies", "policies"],
  ["Tolerance", "tolerance"],
];

/**
 * The behavior annotation holds upstream's internal type marshalled without
 * json tags: Go field names, nil pointers as null.
 */
export function behaviorToGoJson(behavior: Json): Json {
  const rules = (r: unknown) => {
    if (!r || typeof r !== "object") return null;
    const src = r as Json;
    const out: Json = {};
    for (const [goName, name] of RULE_FIELDS) {
      if (name === "policies") {
        out[goName] = Array.isArray(src.policies)
          ? (src.policies as Json[]).map((p) => ({ Type: p.type ?? "", Value: p.value ?? 0, PeriodSeconds: p.periodSeconds ?? 0 }))
          : null;
      } else out[goName] = src[name] ?? null;
    }
    return out;
  };
  return { ScaleUp: rules(behavior.scaleUp), ScaleDown: rules(behavior.scaleDown) };
}

/** A JSON key looked up as Go's encoding/json does: exactly, else ignoring case. */
function lookup(o: Json, name: string): unknown {
  if (name in o) return o[name];
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

/** The annotation back into a v2 behavior; undefined when it does not decode or is empty. */
export function behaviorFromGoJson(raw: string): Json | undefined {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
  const rules = (r: unknown): Json | undefined => {
    if (!r || typeof r !== "object" || Array.isArray(r)) return undefined;
    const out: Json = {};
    for (const [goName, name] of RULE_FIELDS) {
      const x = lookup(r as Json, goName);
      if (x === undefined || x === null) continue;
      out[name] = name === "policies" && Array.isArray(x)
        ? x.map((p) => ({ type: lookup(obj(p), "Type") ?? "", value: lookup(obj(p), "Value") ?? 0, periodSeconds: lookup(obj(p), "PeriodSeconds") ?? 0 }))
        : x;
    }
    return out;
  };
  const out: Json = {};
  const up = rules(lookup(v as Json, "ScaleUp"));
  const down = rules(lookup(v as Json, "ScaleDown"));
  if (up) out.scaleUp = up;
  if (down) out.scaleDown = down;
  return Object.keys(out).length ? out : undefined;
}
