/**
 * How kubernetes-types' module paths map onto upstream definition-name
 * prefixes ("core/v1" -> "io.k8s.api.core.v1").
 */

const special: Record<string, string> = {
  "meta/v1": "io.k8s.apimachinery.pkg.apis.meta.v1",
  "api/resource": "io.k8s.apimachinery.pkg.api.resource",
  runtime: "io.k8s.apimachinery.pkg.runtime",
  version: "io.k8s.apimachinery.pkg.version",
  "apiextensions/v1": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1",
};

/** Definition-name prefix for a module path relative to the package root, without extension. */
export function packageOf(modulePath: string): string {
  return special[modulePath] ?? `io.k8s.api.${modulePath.replace(/\//g, ".")}`;
}

/** The one definition kubernetes-types spells inline, as `number | string`. */
export const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
