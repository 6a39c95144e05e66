/**
 * $(VAR) expansion in env values, command and args (upstream's
 * third_party/forked/golang/expansion): $(NAME) becomes its value when
 * known and stays as written when not; $$ is a literal $; a $ before
 * anything else, or an unclosed $(, is kept.
 */
export type Mapping = (name: string) => string | undefined;

/** Looks names up in each map in turn. */
export function mappingFor(...maps: ReadonlyMap<string, string>[]): Mapping {
  return (name) => {
    for (const m of maps) if (m.has(name)) return m.get(name);
    return undefined;
  };
}

export function expand(input: string, mapping: Mapping): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === "$") out += "$";
    else if (next === "(") {
      const close = input.indexOf(")", cursor + 2);
      if (close < 0) out += "$(";
      else {
        const name = input.slice(cursor + 2, close);
        out += mapping(name) ?? `$(${name})`;
        advance = close - cursor;
      }
    } else out += `$${next}`;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}
