/**
 * Pod Security Standards policy from namespace labels, as upstream's
 * pod-security-admission api package: pod-security.kubernetes.io/<mode>
 * and <mode>-version for the enforce, audit and warn modes. Levels are
 * privileged < baseline < restricted; versions are "latest" or "v1.x".
 */
import type { FieldError } from "../../../api/validation/field.js";

export type Level = "privileged" | "baseline" | "restricted";
/** A policy version: undefined minor means "latest". */
export interface Version {
  minor?: number;
}
export interface LevelVersion {
  level: Level;
  version: Version;
}
export interface Policy {
  enforce: LevelVersion;
  audit: LevelVersion;
  warn: LevelVersion;
}

export const LABEL_PREFIX = "pod-security.kubernetes.io/";
const LEVELS: Level[] = ["privileged", "baseline", "restricted"];
const LATEST: Version = {};

export const privilegedLatest = (): LevelVersion => ({ level: "privileged", version: LATEST });
/** Upstream's default when no configuration file says otherwise: privileged:latest for every mode. */
export const DEFAULT_POLICY: Policy = { enforce: privilegedLatest(), audit: privilegedLatest(), warn: privilegedLatest() };

export function versionString(v: Version): string {
  return v.minor === undefined ? "latest" : `v1.${v.minor}`;
}

export function levelVersionString(lv: LevelVersion): string {
  return `${lv.level}:${versionString(lv.version)}`;
}

export function sameLevelVersion(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && a.version.minor === b.version.minor;
}

export function compareLevels(a: Level, b: Level): number {
  return LEVELS.indexOf(a) - LEVELS.indexOf(b);
}

function parseLevel(s: string): Level | undefined {
  return (LEVELS as string[]).includes(s) ? (s as Level) : undefined;
}

function parseVersion(s: string): Version | undefined {
  if (s === "latest") return LATEST;
  const m = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(s);
  return m ? { minor: Number(m[1]) } : undefined;
}

/**
 * The policy a namespace's labels ask for, and the label errors (as
 * upstream: a bad enforce level enforces restricted; bad audit or warn
 * levels fail open to privileged; a bad version means latest). Without a
 * warn label, warn follows a stricter enforce level.
 */
export function policyFromLabels(labels: Record<string, string> | undefined, defaults: Policy = DEFAULT_POLICY): { policy: Policy; errors: FieldError[] } {
  const policy: Policy = { enforce: { ...defaults.enforce }, audit: { ...defaults.audit }, warn: { ...defaults.warn } };
  const errors: FieldError[] = [];
  if (!labels) return { policy, errors };
  const bad = (key: string, value: string, detail: string) => errors.push({ type: "FieldValueInvalid", field: `metadata.labels[${key}]`, value, detail });
  const levelDetail = `must be one of ${LEVELS.join(", ")}`;
  const versionDetail = 'must be "latest" or "v1.x"';
  let hasEnforceLevel = false;
  for (const mode of ["enforce", "audit", "warn"] as const) {
    const levelKey = LABEL_PREFIX + mode;
    const versionKey = `${levelKey}-version`;
    if (labels[levelKey] !== undefined) {
      const level = parseLevel(labels[levelKey]);
      if (level) policy[mode].level = level;
      else {
        policy[mode].level = mode === "enforce" ? "restricted" : "privileged";
        bad(levelKey, labels[levelKey], levelDetail);
      }
      if (mode === "enforce") hasEnforceLevel = level !== undefined;
    }
    if (labels[versionKey] !== undefined) {
      const version = parseVersion(labels[versionKey]);
      policy[mode].version = version ?? LATEST;
      if (!version) bad(versionKey, labels[versionKey], versionDetail);
    }
  }
  const hasWarnLevel = labels[LABEL_PREFIX + "warn"] !== undefined;
  if (!hasWarnLevel && hasEnforceLevel && compareLevels(policy.enforce.level, policy.warn.level) > 0) {
    policy.warn.level = policy.enforce.level;
    if (labels[LABEL_PREFIX + "warn-version"] === undefined) policy.warn.version = policy.enforce.version;
  }
  return { policy, errors };
}

export function fullyPrivileged(p: Policy): boolean {
  return p.enforce.level === "privileged" && p.audit.level === "privileged" && p.warn.level === "privileged";
}
