/**
 * Structural defaulting (upstream's defaulting.Default), preceded by
 * dropping nulls that a non-nullable field without a default could never
 * accept (PruneNonNullableNullsWithoutDefaults), as the server does when it
 * decodes a custom resource.
 */
import { deepCopy, isObject } from "./json.js";
import type { JSONSchemaProps } from "./types.js";

function addl(s: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  return s && isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined;
}

function items(s: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  return s?.items && !Array.isArray(s.items) ? s.items : undefined;
}

function fieldSchema(k: string, s: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  if (!s) return undefined;
  return s.properties?.[k] ?? addl(s);
}

const hasDefault = (s: JSONSchemaProps | undefined) => s?.default !== undefined && s.default !== null;

export function pruneNonNullableNullsWithoutDefaults(x: unknown, s: JSONSchemaProps | undefined): void {
  if (isObject(x)) {
    for (const k of Object.keys(x)) {
      const sub = fieldSchema(k, s);
      if (x[k] === null && sub && !sub.nullable && !hasDefault(sub)) delete x[k];
      else pruneNonNullableNullsWithoutDefaults(x[k], sub);
    }
  } else if (Array.isArray(x)) {
    for (const v of x) pruneNonNullableNullsWithoutDefaults(v, items(s));
  }
}

const nonNullableNull = (v: unknown, s: JSONSchemaProps | undefined) => v === null && !!s && !s.nullable;

export function defaultObject(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (isObject(x)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (!hasDefault(prop)) continue;
      if (!(k in x) || nonNullableNull(x[k], prop)) x[k] = deepCopy(prop.default);
    }
    const a = addl(s);
    for (const k of Object.keys(x)) {
      const prop = s.properties?.[k];
      if (prop) defaultObject(x[k], prop);
      else if (a) {
        if (nonNullableNull(x[k], a) && hasDefault(a)) x[k] = deepCopy(a.default);
        defaultObject(x[k], a);
      }
    }
  } else if (Array.isArray(x)) {
    const it = items(s);
    for (let i = 0; i < x.length; i++) {
      if (nonNullableNull(x[i], it) && hasDefault(it)) x[i] = deepCopy(it!.default);
      defaultObject(x[i], it);
    }
  }
}
