/**
 * nn.Parameter: a Tensor that a Module registers as a parameter when it is
 * assigned to one of its fields. Like Python's, it shares its data with the
 * tensor it was made from and requires grad by default.
 */
import { empty } from "../_generated/torch";
import { Tensor } from "../tensor";
import { tensorRepr } from "../tensor_str";
import { NotImplementedError, TorchTypeError } from "../errors";
import { libtorch_version, torchAtLeast } from "../version";

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

/**
 * nn.Buffer(data = torch.empty(0), { persistent = true }) (PyTorch 2.5 and later): a tensor that a Module
 * registers as a buffer when it is assigned to one of its fields, persistent or not, as register_buffer does.
 * Like Python's, it shares data with `data`, keeps its requires_grad, and prints as a plain tensor.
 * @example this.running = new nn.Buffer(torch.zeros(3), { persistent: false });
 */
export class Buffer extends Tensor {
  declare persistent: boolean;
  declare _is_buffer: true;
  constructor(data?: Tensor | null, options: { persistent?: boolean } = {}) {
    if (!torchAtLeast(2, 5)) throw new NotImplementedError(`nn.Buffer is not in PyTorch ${libtorch_version} (it came in 2.5)`);
    const source = data ?? empty(0);
    if (!(source instanceof Tensor)) throw new TypeError(`Expected Tensor for data but received ${typeof source}`);
    super(source.detach());
    this.requires_grad_(source.requires_grad);
    const { persistent = true, ...rest } = options ?? {};
    const unexpected = Object.keys(rest)[0];
    if (unexpected !== undefined) throw new TorchTypeError(`Buffer.__new__() got an unexpected keyword argument '${unexpected}'`);
    Object.defineProperty(this, "persistent", { value: persistent, writable: true, enumerable: false, configurable: true });
    Object.defineProperty(this, "_is_buffer", { value: true, writable: true, enumerable: false, configurable: true });
  }
}
