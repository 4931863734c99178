/**
 * The per-call cost of a generated op. Binding arguments generically (maps,
 * rest arrays, a loop over parameters) costs more than the kernel of a small
 * op, so each op gets, on its first call, a JavaScript function written for
 * its own overloads: positional arguments, and an options object of
 * keywords, tested inline in Python's order and passed straight to the
 * dispatcher. NumPy's names, out= and requires_grad, and anything the
 * inline tests cannot decide exactly (`undefined` in the middle, a value
 * the tests do not know), take the general path in call.ts, which resolves
 * the same way.
 */
import { dtype, fromCode } from "../dtype";
import { raw } from "../native";
import { Tensor } from "../tensor";
import { toNative, withFields } from "./call";
import type { PyParam, PySignature } from "./schema";

export interface FastOverload {
  sig: PySignature;
  handle: number;
}

type Test = (v: unknown) => boolean;
type Post = (r: unknown, self: unknown) => unknown;

// The expression that turns the native result `r` into what Python returns.
function returnExpr(sig: PySignature, posts: Post[]): string {
  const rets = sig.schema.returns;
  // A method's self is `this`; a function's (torch.relu_(x)) is the argument in self's place.
  const selfAt = sig.schema.args.findIndex((a) => a.name === "self");
  const selfArg = sig.params.filter((p) => !p.kwonly).findIndex((p) => p.at === selfAt);
  const self = sig.selfAt >= 0 || selfArg < 0 ? "this" : `a${selfArg}`;
  if (rets.length === 0) return "undefined";
  if (rets.length === 1 && sig.aliases[0] === "self") return self;
  if (rets.length === 1 && rets[0].base === "ScalarType") return "fromCode(r)";
  if (rets.length === 1) return "r";
  const fields = sig.fields;
  const aliases = sig.aliases;
  posts.push((r, self) => withFields((r as unknown[]).map((x, i) => (x === undefined && aliases[i] === "self" ? self : x)), fields));
  return `posts[${posts.length - 1}](r, ${self})`;
}

// The call and return statements for one overload, given its argument
// expressions by schema position. Every argument's handle goes to the slots
// first (-1 for what is not a Tensor), so the native side reads none. A lone
// new Tensor result, the common case, is allocated here and filled there:
// far cheaper than native code making the object.
function callAndReturn(sig: PySignature, handle: number, stack: string[], posts: Post[]): string {
  const handles = stack.map((e, i) => `S[${i + 2}] = ${/^([akv]\d+|this)$/.test(e) ? `${e} instanceof Tensor ? ${e}[HANDLE] : -1` : "-1"};`);
  const setup = `S[1] = ${stack.length}; ${handles.join(" ")}`;
  const args = [String(handle), ...stack].join(", ");
  const rets = sig.schema.returns;
  if (rets.length === 1 && rets[0].base === "Tensor" && !rets[0].list && sig.aliases[0] === null) {
    return `${setup} const s = new Tensor(SHELL, -1); const r = opCallFast(s, ${args});` +
      ` if (typeof r === "number") { s[HANDLE] = r; return s; } if (r === FAILED) throw takeError(); return r;`;
  }
  return `${setup} const r = opCallFast(undefined, ${args}); if (r === FAILED) throw takeError(); return ${returnExpr(sig, posts)};`;
}

// An int list as accepts() in call.ts takes it (`single`: int[2] and friends
// take one int too), without a call per element.
function intList(v: unknown, single: boolean): boolean {
  if (!Array.isArray(v)) return single && ((typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint");
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    if (typeof e === "number" ? !Number.isInteger(e) : typeof e !== "bigint") return false;
  }
  return true;
}

// Whether every key of an options object is one of `allowed`.
function onlyKeys(kw: object, allowed: Set<string>): boolean {
  for (const k in kw) if (!allowed.has(k)) return false;
  return true;
}

// An argument's expression for the native call: Layout and MemoryFormat go as
// their codes (`absent`: the value may be undefined, which stays undefined).
function argExpr(p: PyParam, v: string, absent: boolean): string {
  if (p.arg.base !== "Layout" && p.arg.base !== "MemoryFormat") return v;
  return absent ? `(${v} === undefined ? undefined : code(${v}))` : `code(${v})`;
}

function inlineTest(p: PyParam, v: string, numbers: boolean, tests: Test[], accept: (p: PyParam, v: unknown) => boolean): string {
  const a = p.arg;
  const nullable = a.optional || a.default === "None";
  let t: string;
  if (a.list) t = (a.base === "int" || a.base === "SymInt") && !a.elemOptional ? `intList(${v}, ${a.fixed > 0})` : "";
  else if (a.base === "Tensor") t = numbers ? `(${v} instanceof Tensor || typeof ${v} === "number" || typeof ${v} === "boolean" || typeof ${v} === "bigint")` : `${v} instanceof Tensor`;
  else if (a.base === "int" || a.base === "SymInt") t = `(typeof ${v} === "number" ? Number.isInteger(${v}) : typeof ${v} === "bigint")`;
  else if (a.base === "float") t = `(typeof ${v} === "number" || typeof ${v} === "bigint")`;
  else if (a.base === "bool") t = `typeof ${v} === "boolean"`;
  else if (a.base === "str") t = `typeof ${v} === "string"`;
  else if (a.base === "ScalarType") t = `${v} instanceof dtype`;
  else t = "";
  if (!t) {
    tests.push((x) => accept(p, x));
    return `tests[${tests.length - 1}](${v})`;
  }
  return nullable ? `(${v} === null || ${t})` : t;
}

/**
 * The op's fast entry, or null when it has none worth having. `slow(self,
 * args)` is the general path.
 */
export function compileFast(
  name: string,
  overloads: FastOverload[],
  numbers: boolean,
  accept: (p: PyParam, v: unknown) => boolean,
  slow: (self: unknown, args: ArrayLike<unknown>) => unknown,
): ((...args: unknown[]) => unknown) | null {
  const tests: Test[] = [];
  const posts: Post[] = [];
  const keySets: Set<string>[] = [];
  let maxPos = 0;
  let maxStack = 0;
  const lines: string[] = [];
  // Calls whose last argument is an options object of keywords
  // (`x.add_(y, { alpha: 2 })`, `torch.zeros(2, 3, { dtype })`, `x.sum({ dim: 1 })`):
  // the same tests, each keyword read once, bound as Python binds them (a
  // parameter not given by position may be given by name, never both); any
  // other key (NumPy's names, out=, requires_grad) is the general path's.
  const kwLines: string[] = [];
  for (const ov of overloads) {
    const sig = ov.sig;
    const positional = sig.params.filter((p) => !p.kwonly);
    maxPos = Math.max(maxPos, positional.length);
    const usable = ov.handle >= 0 && !sig.params.some((p) => p.kwonly && !p.optional);
    const keywords = sig.params.filter((p) => p.kwonly && p.at >= 0 && p.name !== "out");
    keySets.push(new Set(keywords.map((p) => p.name)));
    const keysOk = `onlyKeys(kw, keySets[${keySets.length - 1}])`;
    const kwRead = keywords.map((p, j) => `const k${j} = kw.${p.name};`).join(" ");
    const kwTests = keywords.map((p, j) => `(k${j} === undefined || ${inlineTest(p, `k${j}`, numbers, tests, accept)})`);
    const withKeywords = (stack: string[]): string[] => {
      const out = [...stack];
      while (out.length < sig.schema.args.length) out.push("undefined");
      keywords.forEach((p, j) => (out[p.at] = argExpr(p, `k${j}`, true)));
      while (out.length > 0 && out[out.length - 1] === "undefined") out.pop();
      maxStack = Math.max(maxStack, out.length);
      return out;
    };
    // An overload that cannot bind without keywords, or that this libtorch lacks, is the
    // general path's to try (calls reaching the end go there): skipping it here changes nothing.
    if (sig.varargs && usable) {
      // x.view(2, 3) is x.view([2, 3]): Python packs the ints when the first is one.
      const vstack: string[] = new Array(sig.schema.args.length).fill("undefined");
      if (sig.selfAt >= 0) vstack[sig.selfAt] = "this";
      vstack[positional[0].at] = "size";
      const head =
        `if (n >= 1 && (typeof a0 === "number" || typeof a0 === "bigint")) {` +
        ` const size = new Array(n);` +
        ` for (let i = 0; i < n; i++) { const v = arguments[i]; if (typeof v === "number" ? !Number.isInteger(v) : typeof v !== "bigint") return slow(this, arguments); size[i] = v; }`;
      kwLines.push(`if (${keysOk}) { ${kwRead} ${head} if (${kwTests.join(" && ") || "true"}) { ${callAndReturn(sig, ov.handle, withKeywords(vstack), posts)} } } }`);
      while (vstack.length > 0 && vstack[vstack.length - 1] === "undefined") vstack.pop();
      maxStack = Math.max(maxStack, vstack.length);
      lines.push(`${head} ${callAndReturn(sig, ov.handle, vstack, posts)} }`);
    }
    // Missing here, or needing a keyword (sort's `stable`): never a positional-only match.
    if (!usable) continue;
    const conds: string[] = [`n <= ${positional.length}`];
    const kwConds: string[] = [`n <= ${positional.length}`];
    const stack: string[] = new Array(sig.schema.args.length).fill("undefined");
    const kwStack: string[] = new Array(sig.schema.args.length).fill("undefined");
    if (sig.selfAt >= 0) stack[sig.selfAt] = kwStack[sig.selfAt] = "this";
    const byName = positional.filter((p) => p.at >= 0);
    keySets.push(new Set([...byName, ...keywords].map((p) => p.name)));
    const reads = [kwRead];
    positional.forEach((p, i) => {
      const test = inlineTest(p, `a${i}`, numbers, tests, accept);
      conds.push(p.optional ? `(n <= ${i} || ${test})` : `n > ${i} && ${test}`);
      stack[p.at] = argExpr(p, `a${i}`, false);
      // With keywords: by position, and then not by name; else by name, or left out where it may be.
      reads.push(`const v${i} = n > ${i} ? a${i} : kw.${p.name};`);
      const kwTest = inlineTest(p, `v${i}`, numbers, tests, accept);
      kwConds.push(`(n > ${i} ? !("${p.name}" in kw) : true) && ${p.optional ? `(v${i} === undefined || ${kwTest})` : `v${i} !== undefined && ${kwTest}`}`);
      kwStack[p.at] = argExpr(p, `v${i}`, true);
    });
    const kwKeysOk = `onlyKeys(kw, keySets[${keySets.length - 1}])`;
    kwLines.push(`if (${kwKeysOk}) { ${reads.join(" ")} if (${[...kwConds, ...kwTests].join(" && ")}) { ${callAndReturn(sig, ov.handle, withKeywords(kwStack), posts)} } }`);
    // Factories' Python-only keyword (requires_grad) and out= are keywords: never here.
    while (stack.length > 0 && stack[stack.length - 1] === "undefined") stack.pop();
    maxStack = Math.max(maxStack, stack.length);
    lines.push(`if (${conds.join(" && ")}) { ${callAndReturn(sig, ov.handle, stack, posts)} }`);
  }
  // The slots hold 62 arguments (native/dispatch.cc's kMaxSlotArgs).
  if (maxPos > 8 || maxStack > 62) return null;
  const params = Array.from({ length: maxPos + 1 }, (_, i) => `a${i}`);
  const undefinedCheck = params.map((a, i) => `(n > ${i} && ${a} === undefined)`).join(" || ");
  // Strict: `arguments` then is a plain copy, not one aliasing the parameters, which V8 makes faster.
  const body = `"use strict";
    return function op_${name.replace(/\W/g, "_")}(${params.join(", ")}) {
      let n = arguments.length;
      let kw = null;
      if (n > 0) {
        const last = arguments[n - 1];
        if (typeof last === "object" && last !== null && !(last instanceof Tensor) && !Array.isArray(last)) {
          const proto = Object.getPrototypeOf(last);
          if (proto === Object.prototype || proto === null) {
            kw = last;
            n--;
          }
        }
      }
      if (${undefinedCheck}) return slow(this, arguments);
      if (kw === null) {
        ${lines.join("\n        ")}
      } else {
        ${kwLines.join("\n        ")}
      }
      return slow(this, arguments);
    };`;
  const make = new Function("opCallFast", "S", "SHELL", "HANDLE", "FAILED", "takeError", "Tensor", "dtype", "fromCode", "intList", "onlyKeys", "keySets", "tests", "posts", "slow", "code", body);
  return make(raw.opCallFast, raw.slots, raw.shell, raw.handle, raw.failed, raw.takeError, Tensor, dtype, fromCode, intList, onlyKeys, keySets, tests, posts, slow, toNative) as (...args: unknown[]) => unknown;
}
