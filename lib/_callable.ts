/**
 * A base class whose instances are callable, as Python objects with
 * `__call__` are: `transform(x)` runs `transform.__call__(x)`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Callable<A extends unknown[], R> {
  constructor() {
    const ref: { self?: Callable<A, R> } = {};
    const fn = ((...args: A) => ref.self!.__call__(...args)) as unknown as Callable<A, R>;
    delete (fn as unknown as { name?: string }).name;
    delete (fn as unknown as { length?: number }).length;
    Object.setPrototypeOf(fn, new.target.prototype);
    ref.self = fn;
    return fn;
  }
  abstract __call__(...args: A): R;
}
export interface Callable<A extends unknown[], R> {
  (...args: A): R;
}
