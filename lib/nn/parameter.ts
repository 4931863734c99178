/**
 * nn.Parameter: a Tensor that a Module registers as a parameter when it is
 * assigned to one of its fields. Like Python's, it shares its data with the
 * tensor it was made from and requires grad by default.
 */
import { empty } from "../_generated/torch";
import { Tensor } from "../tensor";
import { tensorRepr } from "../tensor_str";

export class Parameter extends Tensor {
  /** new nn.Parameter(data = torch.empty(0), requires_grad = true) */
  constructor(data?: Tensor | null, requires_grad: boolean | { requires_grad?: boolean } = true) {
    const source = data ?? empty(0);
    if (!(source instanceof Tensor)) throw new TypeError(`Expected Tensor for data but received ${typeof source}`);
    super(source.detach());
    const flag = typeof requires_grad === "object" ? (requires_grad.requires_grad ?? true) : requires_grad;
    this.requires_grad_(flag);
  }
  toString(): string {
    return `Parameter containing:\n${tensorRepr(this)}`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
