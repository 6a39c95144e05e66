/** The `skiff` command line: a thin layer over the components (commands.ts). */
import { dispatch, nameOf, findCommand, UnknownCommandError } from "./commands.js";
import { FlagError } from "./flags.js";
import { DataDirInUseError } from "./data-dir-lock.js";

const argv = process.argv.slice(2);

dispatch(argv, (s) => process.stdout.write(s)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UnknownCommandError) {
      process.stderr.write(`Error: ${err.message}\nRun 'skiff --help' for usage.\n`);
    } else if (err instanceof FlagError) {
      // As kubectl: the error, then where the usage is.
      const c = argv[0] ? findCommand(argv[0]) : undefined;
      process.stderr.write(`Error: ${err.message}\nSee 'skiff ${c ? `${nameOf(c)} ` : ""}--help' for usage.\n`);
    } else if (err instanceof DataDirInUseError) {
      process.stderr.write(`Error: ${err.message}\n`);
    } else {
      process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exit((argv[0] ? findCommand(argv[0])?.errorExitCode : undefined) ?? 1);
  },
);
