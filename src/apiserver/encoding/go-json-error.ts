/**
 * The syntax error Go's encoding/json reports for malformed JSON, which
 * upstream's decode errors quote ("invalid character 'a' looking for
 * beginning of value", "unexpected end of JSON input"). JSON.parse words
 * them differently, so this scanner walks the text as Go's does and names
 * the first offending character in Go's terms.
 */

class SyntaxFault extends Error {}

/** Go's quoteChar: the character in single quotes, escaped as strconv.Quote would. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const q = JSON.stringify(c).slice(1, -1);
  const code = c.codePointAt(0)!;
  if (code < 0x20 && !/^\\[nrtbf]$/.test(q)) return `'\\x${code.toString(16).padStart(2, "0")}'`;
  return `'${q}'`;
}

/** Returns Go's message for the first syntax error in text, or undefined when the text is valid JSON. */
export function goJsonSyntaxError(text: string): string | undefined {
  let i = 0;
  const eof = () => new SyntaxFault("unexpected end of JSON input");
  const bad = (context: string) => new SyntaxFault(`invalid character ${quoteChar(String.fromCodePoint(text.codePointAt(i)!))} ${context}`);
  const ws = () => {
    while (i < text.length && " \t\r\n".includes(text[i])) i++;
  };
  const value = (): void => {
    ws();
    if (i >= text.length) throw eof();
    const c = text[i];
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    if (c === "-" || (c >= "0" && c <= "9")) return number();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    throw bad("looking for beginning of value");
  };
  const object = (): void => {
    i++;
    ws();
    if (text[i] === "}") return void i++;
    for (;;) {
      ws();
      if (i >= text.length) throw eof();
      if (text[i] !== '"') throw bad("looking for beginning of object key string");
      string();
      ws();
      if (i >= text.length) throw eof();
      if (text[i] !== ":") throw bad("after object key");
      i++;
      value();
      ws();
      if (i >= text.length) throw eof();
      if (text[i] === "}") return void i++;
      if (text[i] !== ",") throw bad("after object key:value pair");
      i++;
    }
  };
  const array = (): void => {
    i++;
    ws();
    if (text[i] === "]") return void i++;
    for (;;) {
      value();
      ws();
      if (i >= text.length) throw eof();
      if (text[i] === "]") return void i++;
      if (text[i] !== ",") throw bad("after array element");
      i++;
    }
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= text.length) throw eof();
      const c = text[i];
      if (c === '"') return void i++;
      if (c === "\\") {
        i++;
        if (i >= text.length) throw eof();
        if (text[i] === "u") {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= text.length) throw eof();
            if (!/[0-9a-fA-F]/.test(text[i])) throw bad("in \\u hexadecimal character escape");
          }
        } else if (!'"\\/bfnrt'.includes(text[i])) throw bad("in string escape code");
      } else if (c < " ") throw bad("in string literal");
      i++;
    }
  };
  const digits = (context: string): void => {
    if (i >= text.length) throw eof();
    if (!(text[i] >= "0" && text[i] <= "9")) throw bad(context);
    while (i < text.length && text[i] >= "0" && text[i] <= "9") i++;
  };
  const number = (): void => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else digits("in numeric literal");
    if (text[i] === ".") {
      i++;
      digits("after decimal point in numeric literal");
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      digits("in exponent of numeric literal");
    }
  };
  const literal = (word: string): void => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= text.length) throw eof();
      if (text[i] !== word[k]) throw bad(`in literal ${word} (expecting ${quoteChar(word[k])})`);
    }
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) throw bad("after top-level value");
    return undefined;
  } catch (err) {
    if (err instanceof SyntaxFault) return err.message;
    throw err;
  }
}

/** upstream's summarizeData: the body's start, as text when it is a JSON object, else in hex. */
export function summarizeBody(body: Buffer, maxLength = 30): string {
  if (body.length === 0) return "<empty>";
  const head = body.subarray(0, maxLength);
  const more = body.length > maxLength ? " ..." : "";
  return (body[0] === 0x7b ? head.toString("utf8") : head.toString("hex")) + more;
}
