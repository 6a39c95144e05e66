/**
 * How commands that talk to a running cluster find it: --kubeconfig, else
 * $KUBECONFIG (unless --data-dir is given), else DIR/kubeconfig of the
 * local cluster (DIR: --data-dir, $SKIFF_DATA_DIR, ~/.skiff).
 */
import path from "node:path";
import { defaultDataDir } from "./control-plane.js";
import type { FlagSpec, FlagValues } from "./flags.js";

export const clusterAccessFlags: FlagSpec[] = [
  { name: "kubeconfig", kind: "string", usage: "Path to the kubeconfig ($KUBECONFIG, else DIR/kubeconfig of the local cluster)" },
  { name: "data-dir", kind: "string", usage: "The local cluster's data directory, for its kubeconfig ($SKIFF_DATA_DIR, else ~/.skiff)" },
];

export function kubeconfigPath(values: FlagValues): string {
  if (values.kubeconfig !== undefined) return String(values.kubeconfig);
  if (values["data-dir"] === undefined && process.env.KUBECONFIG) return process.env.KUBECONFIG;
  return path.join(path.resolve(String(values["data-dir"] ?? defaultDataDir())), "kubeconfig");
}
