/**
 * Calls every native entry point (Tensor methods, getters, setters and the
 * addon's functions) with wrong arguments. Every failure must be a JS error
 * of torchnode's classes or a TypeError/RangeError; a C++ exception escaping
 * N-API would abort the process instead, which the test running this script
 * in a child process detects. Prints a JSON summary on the last line.
 */
import * as torch from "../../lib";
import { native } from "../../lib/native";

// Sizes stay small: a bad argument must never turn into a huge allocation.
const badArgs = (): unknown[][] => [
  [],
  [undefined],
  [null],
  ["x"],
  [{}],
  [NaN],
  [-1],
  [1.5],
  [Symbol("s")],
  [[1, "a"]],
  [torch.ones(2, 3)],
  [torch.ones(2, { dtype: torch.int64 })],
  [torch.ones(3), torch.ones(4)],
  [disposed()],
  [-3, -3],
  [0, 99],
  [{ dim: 7, keepdim: "no" }],
];
function disposed(): torch.Tensor {
  const t = torch.ones(1);
  t.dispose();
  return t;
}
// Entry points whose purpose is to free or to take a seed/thread count that
// would change the rest of the run are called on their own objects only.
const skipFunctions = new Set(["_setErrorClasses", "set_num_threads", "_beginScope", "_endScope"]);

let calls = 0;
const unexpected: string[] = [];
function attempt(label: string, fn: () => unknown): void {
  calls++;
  try {
    fn();
  } catch (e) {
    const ok = e instanceof torch.TorchError || e instanceof TypeError || e instanceof RangeError;
    if (!ok || !(e as Error).message) unexpected.push(`${label}: ${String(e)}`);
  }
}

const proto = torch.Tensor.prototype as unknown as Record<string, unknown>;
for (const name of Object.getOwnPropertyNames(proto)) {
  if (name === "constructor") continue;
  const desc = Object.getOwnPropertyDescriptor(proto, name)!;
  if (desc.get) attempt(`get ${name}`, () => Reflect.get(proto, name, disposed()));
  if (desc.set) for (const args of badArgs()) attempt(`set ${name}`, () => desc.set!.call(torch.ones(2), args[0]));
  if (typeof desc.value === "function") {
    for (const args of badArgs()) {
      for (const self of [torch.ones(2, 3), torch.ones(2, { dtype: torch.int64 }), torch.tensor(3.5)]) {
        attempt(`${name}(${args.length})`, () => (desc.value as (...a: unknown[]) => unknown).apply(self, args));
      }
      attempt(`${name} on a non-tensor`, () => (desc.value as (...a: unknown[]) => unknown).apply({}, args));
    }
  }
}
for (const [name, fn] of Object.entries(native)) {
  if (typeof fn !== "function" || skipFunctions.has(name) || name === "Tensor") continue;
  for (const args of badArgs()) attempt(`native.${name}`, () => (fn as (...a: unknown[]) => unknown)(...args));
}
attempt("new Tensor()", () => new (torch.Tensor as unknown as new () => unknown)());
console.log(JSON.stringify({ calls, unexpected }));
