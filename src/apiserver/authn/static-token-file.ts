/**
 * The static token file (--token-auth-file): CSV lines
 * `token,user,uid[,"group1,group2"]`, read once at start-up as
 * kube-apiserver reads it. Lines with an empty token are skipped; a later
 * duplicate wins.
 */
import { readFileSync } from "node:fs";
import type { UserInfo } from "../../api/types.js";
import type { TokenAuthenticator } from "./token.js";

export class TokenFileError extends Error {}

export function loadTokenFile(path: string): TokenAuthenticator {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new TokenFileError(`open ${path}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (err as Error).message}`);
  }
  return tokenFileAuthenticator(parseTokenFile(text, path));
}

/** token -> user, from the file's text; throws TokenFileError as upstream refuses a file. */
export function parseTokenFile(text: string, path = "<tokens>"): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  for (const record of parseCsv(text)) {
    if (record.length < 3) throw new TokenFileError(`token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`);
    if (!record[0]) continue;
    const user: UserInfo = { username: record[1], uid: record[2], groups: record.length >= 4 ? record[3].split(",") : [] };
    tokens.set(record[0], user);
  }
  return tokens;
}

export function tokenFileAuthenticator(tokens: ReadonlyMap<string, UserInfo>): TokenAuthenticator {
  return {
    async authenticateToken(token) {
      const u = tokens.get(token);
      return u && { username: u.username, uid: u.uid, groups: [...u.groups] };
    },
  };
}

/** RFC 4180 records as Go's encoding/csv reads them: quoted fields, "" escapes, blank lines skipped. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let sawField = false;
  const endRecord = () => {
    if (sawField || field || record.length) records.push([...record, field]);
    record = [];
    field = "";
    sawField = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      sawField = true;
    } else if (c === ",") {
      record.push(field);
      field = "";
      sawField = true;
    } else if (c === "\n") endRecord();
    else if (c === "\r" && text[i + 1] === "\n") continue;
    else field += c;
  }
  if (quoted) throw new TokenFileError(`extraneous or missing " in quoted-field`);
  endRecord();
  return records;
}
