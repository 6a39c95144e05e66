/** The User-Agent of Skiff's components: the program name becomes the field manager ("kube-scheduler", "kubelet"), as upstream's. */
import { SKIFF_GIT_VERSION } from "../apiserver/version.js";

export function userAgent(program: string): string {
  return `${program}/${SKIFF_GIT_VERSION} (${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}) skiff`;
}
