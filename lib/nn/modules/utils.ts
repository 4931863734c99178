/** torch/nn/modules/utils.py: _single/_pair/_triple, and Python's repr of the tuples they make. */

/** _ntuple(n)(x): an int repeated n times, a list as it is. */
export function ntuple(x: unknown, n: number): number[] {
  return Array.isArray(x) ? x.map(Number) : Array(n).fill(Number(x));
}

/** Python's repr of a tuple of ints: (3, 3), (1,). */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(", ")})`;
}
