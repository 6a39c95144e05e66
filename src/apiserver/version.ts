/** The version Skiff reports: it speaks the Kubernetes 1.35 API, as k3s marks its builds "+k3s1". */
export const KUBERNETES_VERSION = "v1.35.0";
export const SKIFF_GIT_VERSION = `${KUBERNETES_VERSION}+skiff`;

export function versionInfo(): Record<string, string> {
  return {
    major: "1",
    minor: "35",
    emulationMajor: "1",
    emulationMinor: "35",
    minCompatibilityMajor: "1",
    minCompatibilityMinor: "34",
    gitVersion: SKIFF_GIT_VERSION,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: `node${process.versions.node}`,
    compiler: "tsc",
    platform: `${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}`,
  };
}
