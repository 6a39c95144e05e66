/**
 * All-in-one footprint on its own: npm run bench -- allinone [--nodes 1000] [--pods 30000].
 * (`npm run bench -- apiserver` runs the same measurement after its API figures.)
 */
import { allInOne } from "./lib/all-in-one.js";

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};

allInOne(opt("nodes", 1000), opt("pods", 30_000)).then(
  () => process.stdout.write("", () => process.exit(0)),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
