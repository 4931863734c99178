/**
 * torch.Size: a tensor's shape, an Array of numbers that prints as PyTorch's.
 * `t.shape[0]`, `t.shape.length`, `t.shape.numel()`.
 */
export class Size extends Array<number> {
  /** Makes a Size from a list of sizes (`new Size([2, 3])`). */
  static from_list(sizes: readonly number[]): Size {
    const s = new Size(sizes.length);
    for (let i = 0; i < sizes.length; i++) s[i] = sizes[i];
    return s;
  }
  /** Number of elements a tensor of this shape holds. */
  numel(): number {
    let n = 1;
    for (const d of this) n *= d;
    return n;
  }
  /** Same sizes in the same order. */
  equals(other: readonly number[]): boolean {
    return other.length === this.length && this.every((d, i) => d === other[i]);
  }
  toString(): string {
    return `torch.Size([${this.join(", ")}])`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  static get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}
