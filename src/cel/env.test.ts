import { test } from "node:test";
import assert from "node:assert/strict";
import { celFunc, CelScalar } from "@bufbuild/cel";
import { CelCompileError, CelEnvironment, CelEvalError, T } from "./index.js";

const env = new CelEnvironment({
  variables: { self: T.object("object", { n: T.int, s: T.string, xs: T.list(T.int), m: T.map(T.string, T.string), d: T.dyn }) },
});
const self = new Map<string, unknown>([["n", 3n], ["s", "Hello, World"], ["xs", [3n, 1n, 2n]], ["m", new Map([["a", "b"]])]]);
const run = (src: string) => env.compile(src).evaluate({ self } as never).value;
const compileError = (src: string) => {
  try {
    env.compile(src);
  } catch (e) {
    assert.ok(e instanceof CelCompileError);
    return e.message;
  }
  assert.fail(`${src} compiled`);
};

test("Compile errors name undeclared references and unknown fields with cel-go's rendering.", () => {
  assert.equal(compileError("other > 1"), "ERROR: <input>:1:1: undeclared reference to 'other' (in container '')\n | other > 1\n | ^");
  assert.equal(compileError("self.nn > 1"), "ERROR: <input>:1:5: undefined field 'nn'\n | self.nn > 1\n | ....^");
  assert.equal(compileError("self.n == 'x'"), "ERROR: <input>:1:8: found no matching overload for '_==_' applied to '(int, string)'\n | self.n == 'x'\n | .......^");
  assert.match(compileError("self.n +"), /^ERROR: <input>:1:\d+: Syntax error: /);
});

test("Macros and the standard library.", () => {
  assert.equal(run("self.xs.all(x, x > 0) && self.xs.exists(x, x == 2) && self.xs.exists_one(x, x == 3)"), true);
  assert.equal(run("self.xs.map(x, x * 2).filter(x, x > 2).size()"), 2n);
  assert.equal(run("has(self.m) && !has(self.d) && 'a' in self.m"), true);
  assert.equal(run("self.s.startsWith('Hello') && self.s.matches('W.rld$')"), true);
});

test("Kubernetes libraries: strings, lists, regex, url, quantity.", () => {
  assert.equal(run("self.s.lowerAscii() + self.s.upperAscii().substring(0, 2)"), "hello, worldHE");
  assert.equal(run("self.s.indexOf('o') + self.s.lastIndexOf('o')"), 12n);
  assert.equal(run("self.s.split(', ').join('|') + self.s.charAt(0) + ' x '.trim() + self.s.replace('l', 'L', 1)"), "Hello|WorldHxHeLlo, World");
  assert.equal(run("!self.xs.isSorted() && self.xs.sum() == 6 && self.xs.min() == 1 && self.xs.max() == 3 && self.xs.indexOf(1) == 1 && [1, 1].lastIndexOf(1) == 1"), true);
  assert.equal(run("self.s.find('[A-Z][a-z]+') + string(self.s.findAll('o').size())"), "Hello2");
  assert.equal(run("url('https://example.com:8443/a/b?x=1&x=2').getPort() + url('https://example.com/p').getHostname()"), "8443example.com");
  assert.equal(run("isURL('not a url') || !isURL('/path')"), false);
  assert.equal(run("quantity('1Gi').isGreaterThan(quantity('1000Mi')) && quantity('500m').add(quantity('500m')).isInteger() && quantity('2').asInteger() == 2"), true);
  assert.equal(run("isQuantity('1.5Gi') && !isQuantity('x')"), true);
});

test("Runtime errors come out typed and worded as cel-go's.", () => {
  const err = (src: string) => {
    try {
      run(src);
    } catch (e) {
      assert.ok(e instanceof CelEvalError);
      return `${e.kind}: ${e.message}`;
    }
    assert.fail(`${src} evaluated`);
  };
  assert.equal(err("self.m.zzz == 'b'"), "runtime: no such key: zzz");
  assert.equal(err("self.n / 0 == 1"), "runtime: division by zero");
  assert.equal(err("self.d == 1"), "runtime: no such key: d");
});

test("Evaluation is bounded by a cost limit.", () => {
  const p = env.compile("self.xs.all(a, self.xs.all(b, true))");
  assert.equal(p.evaluate({ self } as never, { costLimit: 100 }).value, true);
  assert.throws(() => p.evaluate({ self } as never, { costLimit: 5 }), (e: unknown) => e instanceof CelEvalError && e.kind === "cost");
});

test("Programs report the declared variables they use and their result type.", () => {
  const p = env.compile("self.n > 1");
  assert.deepEqual([...p.references], ["self"]);
  assert.equal(p.type.kind, "bool");
  assert.equal(env.compile("self.s").type.kind, "string");
});

test("cel.bind binds a name for the rest of the expression; unknown functions do not compile.", () => {
  assert.equal(run("cel.bind(big, self.xs.filter(x, x > 1), big.size() == 2 && big.all(x, x > 1))"), true);
  assert.equal(compileError("nosuch(1)"), "ERROR: <input>:1:1: undeclared reference to 'nosuch' (in container '')\n | nosuch(1)\n | ^");
});

test("IP and CIDR libraries.", () => {
  assert.equal(run("isIP('10.0.0.1') && isIP('2001:db8::1') && !isIP('10.0.0.256') && !isIP('::ffff:10.0.0.1') && !isIP('fe80::1%eth0')"), true);
  assert.equal(run("ip('10.0.0.1').family() == 4 && ip('::1').isLoopback() && ip('fe80::1').isLinkLocalUnicast() && ip('8.8.8.8').isGlobalUnicast()"), true);
  assert.equal(run("cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1')) && cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')"), true);
  assert.equal(run("cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8') && cidr('2001:db8::/32').prefixLength() == 32 && cidr('10.1.2.3/8').ip() == ip('10.1.2.3')"), true);
  assert.equal(run("isCIDR('10.0.0.0/33') || isCIDR('x')"), false);
});

test("Evaluation can be bounded by a deadline on a given clock.", () => {
  let now = 0;
  const clock = () => (now += 100);
  const p = env.compile("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, true)))");
  assert.throws(() => p.evaluate({ self } as never, { now: clock, timeoutMs: 50 }), (e: unknown) => e instanceof CelEvalError && e.kind === "timeout");
  assert.equal(p.evaluate({ self } as never, { now: () => 0, timeoutMs: 50 }).value, true);
});

test("Environments take further functions and variables of their own.", () => {
  const custom = new CelEnvironment({
    variables: { request: T.object("Request", { user: T.string }) },
    functions: [celFunc("shout", [CelScalar.STRING], CelScalar.STRING, (s) => s.toUpperCase())],
  });
  assert.equal(custom.compile("shout(request.user)").evaluate({ request: new Map([["user", "ann"]]) } as never).value, "ANN");
  assert.throws(() => custom.compile("self.n"), CelCompileError);
});

test("A string that is not a number does not convert to int, in cel-go's words.", () => {
  assert.throws(() => run("int(self.s) > 0"), (e: unknown) => e instanceof CelEvalError && e.message === "type conversion error from 'string' to 'int'");
});
