/**
 * Turns the generated declaration tables into JS functions and Tensor
 * methods. Each op is prepared on its first call (its schemas found in the
 * dispatcher, its fast entry compiled by fast.ts); calls then go to the fast
 * entry, which hands anything it does not decide to call.ts.
 */
import { accepts, callOp, prepare, type Op, type OverloadDecl } from "./call";
import { compileFast } from "./fast";
import { NUMBERS_AS_TENSORS } from "./schema";

type Impl = (this: unknown, ...args: unknown[]) => unknown;

function compile(op: Op): Impl {
  const overloads = prepare(op);
  const numbers = NUMBERS_AS_TENSORS.has(op.name);
  const slow = (self: unknown, args: ArrayLike<unknown>) => callOp(op, self as never, Array.prototype.slice.call(args));
  const fast = compileFast(op.name, overloads, numbers, (p, v) => accepts(p, v, numbers), slow);
  return (fast ?? function (this: unknown, ...args: unknown[]) {
    return slow(this, args);
  }) as Impl;
}

// Fixed arity and a switch on arguments.length: V8 optimises this far better
// than rest/apply, and the op sees exactly the arguments given.
function trampoline(name: string, get: () => Impl): Impl {
  const f = function (this: unknown, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown) {
    const impl = get();
    switch (arguments.length) {
      case 0: return impl.call(this);
      case 1: return impl.call(this, a);
      case 2: return impl.call(this, a, b);
      case 3: return impl.call(this, a, b, c);
      case 4: return impl.call(this, a, b, c, d);
      case 5: return impl.call(this, a, b, c, d, e);
      // eslint-disable-next-line prefer-rest-params
      default: return impl.apply(this, arguments as unknown as unknown[]);
    }
  } as Impl;
  Object.defineProperty(f, "name", { value: name });
  return f;
}

/** A torch.* (or torch.linalg/special/fft) function over the overloads Python has for `name`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fn<T = (...args: any[]) => any>(name: string, decls: OverloadDecl[]): T {
  const op: Op = { name, method: false, decls };
  let impl: Impl | null = null;
  return trampoline(name, () => (impl ??= compile(op))) as T;
}

/** Puts the generated methods on Tensor.prototype, leaving hand-written ones alone. */
export function installMethods(proto: object, names: readonly string[], table: Record<string, OverloadDecl[]>): void {
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(proto, name)) continue;
    const op: Op = { name, method: true, decls: table[name] };
    // The first call puts the compiled entry on the prototype in its own place.
    const first = trampoline(name, () => {
      const impl = compile(op);
      Object.defineProperty(impl, "name", { value: name });
      Object.defineProperty(proto, name, { value: impl, writable: true, configurable: true });
      return impl;
    });
    Object.defineProperty(proto, name, { value: first, writable: true, configurable: true });
  }
}
