/** Every program the sim shell has, by name (busybox applets). */
import type { Builtin } from "../types.js";
import { BASIC_BUILTINS } from "./basic.js";
import { FILE_OP_BUILTINS } from "./file-ops.js";
import { FILE_BUILTINS } from "./files.js";
import { SH_BUILTINS } from "./sh.js";
import { SYSTEM_BUILTINS } from "./system.js";
import { TAR_BUILTINS } from "./tar.js";
import { TEXT_BUILTINS } from "./text.js";
import { NSLOOKUP_BUILTINS } from "./nslookup.js";
import { WGET_BUILTINS } from "./wget.js";

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map([...BASIC_BUILTINS, ...FILE_BUILTINS, ...FILE_OP_BUILTINS, ...SYSTEM_BUILTINS, ...TEXT_BUILTINS, ...TAR_BUILTINS, ...SH_BUILTINS, ...WGET_BUILTINS, ...NSLOOKUP_BUILTINS]);
