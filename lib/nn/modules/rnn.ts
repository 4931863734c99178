/**
 * Recurrent layers (torch/nn/modules/rnn.py): RNN, LSTM, GRU over ATen's
 * fused kernels (torch.rnn_tanh, torch.lstm, ...), and the single-step
 * RNNCell, LSTMCell, GRUCell. Parameters are registered in PyTorch's order
 * under PyTorch's names (weight_ih_l0, ..., bias_hh_l1_reverse), so that
 * reset_parameters draws the same random numbers and state dicts match.
 */
import { empty, gru, gru_cell, lstm, lstm_cell, rnn_relu, rnn_relu_cell, rnn_tanh, rnn_tanh_cell, zeros } from "../../_generated/torch";
import { splitOptions, binder } from "../../_pydef";
import { floatRepr, pyRepr, pyTypeName } from "../../_pyformat";
import { AssertionError, RuntimeError, TorchTypeError, ValueError } from "../../errors";
import { checkTensor, type Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import * as init from "../init";
import { Parameter } from "../parameter";
import { PackedSequence } from "../utils/rnn";
import { Module } from "./module";
import { pyTuple } from "./utils";

const V2 = torchAtLeast(2);
const BASE = "input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None";
type BaseArgs = [number, number, number, boolean, boolean, number, boolean, number, unknown, unknown];
type Factory = { device?: never; dtype?: never };
type Fused = (...args: unknown[]) => Tensor[];
type CellFn = (...args: unknown[]) => Tensor | Tensor[];
/** An LSTM's hidden state: [h, c]. */
export type LSTMState = [Tensor, Tensor];

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (!warned.has(message)) process.emitWarning(message, "UserWarning");
  warned.add(message);
}

function factoryOf(device: unknown, dtype: unknown): Factory {
  return { device: (device ?? undefined) as never, dtype: (dtype ?? undefined) as never };
}

/** _apply_permutation: reorders the batch dimension of a hidden state. */
function applyPermutation(tensor: Tensor, permutation: Tensor, dim = 1): Tensor {
  return tensor.index_select(dim, permutation);
}

/** Python's str() of a torch.Size: a list, as check_hidden_size prints it. */
const pyList = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/**
 * RNNBase: the parameters, checks and repr shared by RNN, LSTM and GRU
 * (PyTorch's RNNBase(mode, input_size, hidden_size, num_layers = 1, bias = True,
 * batch_first = False, dropout = 0.0, bidirectional = False, proj_size = 0)).
 */
export abstract class RNNBase extends Module {
  declare mode: string;
  declare input_size: number;
  declare hidden_size: number;
  declare num_layers: number;
  declare bias: boolean;
  declare batch_first: boolean;
  declare dropout: number;
  declare bidirectional: boolean;
  declare proj_size: number;
  declare _flat_weights_names: string[];
  declare _all_weights: string[][];

  protected constructor(mode: string, args: BaseArgs) {
    super();
    const [input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, proj_size, device, dtype] = args;
    const factory = factoryOf(device, dtype);
    Object.assign(this, { mode, input_size, hidden_size, num_layers, bias, batch_first, dropout: Number(dropout), bidirectional, proj_size });
    const num_directions = bidirectional ? 2 : 1;
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1)) {
      throw new ValueError("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
    }
    if (dropout > 0 && num_layers === 1) {
      warnOnce(
        "dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects " +
          `num_layers greater than 1, but got dropout=${pyRepr(dropout)} and num_layers=${num_layers}`,
      );
    }
    if (V2) {
      if (typeof bias !== "boolean") throw new TorchTypeError(`bias should be of type bool, got: ${pyTypeName(bias)}`);
      if (typeof batch_first !== "boolean") throw new TorchTypeError(`batch_first should be of type bool, got: ${pyTypeName(batch_first)}`);
      if (!Number.isInteger(input_size)) throw new TorchTypeError(`input_size should be of type int, got: ${pyTypeName(input_size)}`);
      if (input_size <= 0) throw new ValueError("input_size must be greater than zero");
      if (!Number.isInteger(hidden_size)) throw new TorchTypeError(`hidden_size should be of type int, got: ${pyTypeName(hidden_size)}`);
      if (hidden_size <= 0) throw new ValueError("hidden_size must be greater than zero");
      // Python compares before it counts: a str fails the comparison, a float the range() below.
      if (typeof num_layers !== "number" && typeof num_layers !== "boolean" && typeof num_layers !== "bigint") {
        throw new TorchTypeError(`'<=' not supported between instances of '${pyTypeName(num_layers)}' and 'int'`);
      }
      if (num_layers <= 0) throw new ValueError("num_layers must be greater than zero");
    }
    if (proj_size < 0) throw new ValueError("proj_size should be a positive integer or zero to disable projections");
    if (proj_size >= hidden_size) throw new ValueError("proj_size has to be smaller than hidden_size");
    const gates: Record<string, number> = { LSTM: 4, GRU: 3, RNN_TANH: 1, RNN_RELU: 1 };
    if (!(mode in gates)) throw new ValueError(`Unrecognized RNN mode: ${mode}`);
    const gate_size = gates[mode] * hidden_size;
    if (typeof num_layers !== "boolean" && typeof num_layers !== "bigint" && !Number.isInteger(num_layers)) {
      // for layer in range(num_layers)
      throw new TorchTypeError(`'${pyTypeName(num_layers)}' object cannot be interpreted as an integer`);
    }

    this._flat_weights_names = [];
    this._all_weights = [];
    for (let layer = 0; layer < num_layers; layer++) {
      for (let direction = 0; direction < num_directions; direction++) {
        const real_hidden_size = proj_size > 0 ? proj_size : hidden_size;
        const layer_input_size = layer === 0 ? input_size : real_hidden_size * num_directions;
        const w_ih = new Parameter(empty([gate_size, layer_input_size], factory));
        const w_hh = new Parameter(empty([gate_size, real_hidden_size], factory));
        const b_ih = new Parameter(empty([gate_size], factory));
        // Second bias vector included for CuDNN compatibility. Only one bias vector is needed in standard definition.
        const b_hh = new Parameter(empty([gate_size], factory));
        const layer_params = bias ? [w_ih, w_hh, b_ih, b_hh] : [w_ih, w_hh];
        if (proj_size > 0) layer_params.push(new Parameter(empty([proj_size, hidden_size], factory)));
        const suffix = direction === 1 ? "_reverse" : "";
        const param_names = ["weight_ih", "weight_hh", ...(bias ? ["bias_ih", "bias_hh"] : []), ...(proj_size > 0 ? ["weight_hr"] : [])].map(
          (x) => `${x}_l${layer}${suffix}`,
        );
        param_names.forEach((name, i) => ((this as unknown as Record<string, Parameter>)[name] = layer_params[i]));
        this._flat_weights_names.push(...param_names);
        this._all_weights.push(param_names);
      }
    }
    this.flatten_parameters();
    this.reset_parameters();
  }

  /** The weights in the order the fused kernels take them (null for one set to None); always current, as __setattr__ and _apply keep PyTorch's list. */
  get _flat_weights(): (Tensor | null)[] {
    return this._flat_weights_names.map((wn) => ((this as unknown as Record<string, Tensor | null | undefined>)[wn] ?? null));
  }

  /** The parameters of each layer and direction. */
  get all_weights(): Parameter[][] {
    return this._all_weights.map((weights) => weights.map((w) => (this as unknown as Record<string, Parameter>)[w]));
  }

  /** Packs the weights into one cuDNN buffer on CUDA; on the CPU, as in PyTorch, a no-op. */
  flatten_parameters(): void {}

  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const weight of this.parameters()) init.uniform_(weight, -stdv, stdv);
  }

  check_input(input: Tensor, batch_sizes: Tensor | null): void {
    const first = this._flat_weights[0];
    if (V2 && first && input.dtype !== first.dtype) {
      throw new ValueError(
        `RNN input dtype (${input.dtype}) does not match weight dtype (${first.dtype}). Convert input: input.to(${first.dtype}), or convert model: model.to(${input.dtype})`,
      );
    }
    const expected_input_dim = batch_sizes !== null ? 2 : 3;
    if (input.dim() !== expected_input_dim) throw new RuntimeError(`input must have ${expected_input_dim} dimensions, got ${input.dim()}`);
    if (this.input_size !== input.size(-1)) {
      throw new RuntimeError(`input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${input.size(-1)}`);
    }
  }

  protected miniBatch(input: Tensor, batch_sizes: Tensor | null): number {
    if (batch_sizes !== null) return Number(batch_sizes.index(0).item());
    return this.batch_first ? input.size(0) : input.size(1);
  }

  get_expected_hidden_size(input: Tensor, batch_sizes: Tensor | null): number[] {
    const num_directions = this.bidirectional ? 2 : 1;
    return [this.num_layers * num_directions, this.miniBatch(input, batch_sizes), this.proj_size > 0 ? this.proj_size : this.hidden_size];
  }

  check_hidden_size(hx: Tensor, expected_hidden_size: number[], msg = "Expected hidden size {}, got {}"): void {
    const got = hx.shape;
    if (got.length !== expected_hidden_size.length || got.some((s, i) => s !== expected_hidden_size[i])) {
      const [a, b] = msg.split("{}");
      throw new RuntimeError(`${a}${pyTuple(expected_hidden_size)}${b}${pyList(got)}`);
    }
  }

  check_forward_args(input: Tensor, hidden: Tensor | LSTMState, batch_sizes: Tensor | null): void {
    this.check_input(input, batch_sizes);
    this.check_hidden_size(hidden as Tensor, this.get_expected_hidden_size(input, batch_sizes));
  }

  permute_hidden(hx: Tensor | LSTMState, permutation: Tensor | null): Tensor | LSTMState {
    if (permutation === null) return hx;
    return applyPermutation(hx as Tensor, permutation);
  }

  extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.proj_size !== 0) s += `, proj_size=${this.proj_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (this.bias !== true) s += `, bias=${pyRepr(this.bias)}`;
    if (this.batch_first !== false) s += `, batch_first=${pyRepr(this.batch_first)}`;
    if (this.dropout !== 0) s += `, dropout=${floatRepr(this.dropout)}`;
    if (this.bidirectional !== false) s += `, bidirectional=${pyRepr(this.bidirectional)}`;
    return s;
  }

  /**
   * The forward pass shared by the three layers, as each of PyTorch's forward
   * methods writes it: unbatched input gets a batch dimension, a packed input
   * is unpacked, the hidden state defaults to zeros, and the fused kernel runs.
   */
  protected run(input: Tensor | PackedSequence, hx: Tensor | LSTMState | null | undefined, kernel: Fused): [Tensor | PackedSequence, Tensor | LSTMState] {
    const isLSTM = this.mode === "LSTM";
    const orig_input = input;
    const num_directions = this.bidirectional ? 2 : 1;
    const real_hidden_size = this.proj_size > 0 ? this.proj_size : this.hidden_size;
    let batch_sizes: Tensor | null = null;
    let sorted_indices: Tensor | null = null;
    let unsorted_indices: Tensor | null = null;
    let is_batched = true;
    let batch_dim = 1;
    let data: Tensor;
    let max_batch_size: number;
    if (orig_input instanceof PackedSequence) {
      [data, batch_sizes, sorted_indices, unsorted_indices] = [orig_input.data, orig_input.batch_sizes, orig_input.sorted_indices, orig_input.unsorted_indices];
      max_batch_size = Number(batch_sizes.index(0).item());
    } else {
      // PyTorch calls input.dim() here; a non-tensor is refused in the generated ops' words, under the fused kernel's name.
      checkTensor(orig_input, this.mode.toLowerCase(), "input");
      data = orig_input;
      if (V2 && data.dim() !== 2 && data.dim() !== 3) {
        const name = this.mode === "LSTM" ? "LSTM" : this.mode === "GRU" ? "GRU" : "RNN";
        throw new ValueError(`${name}: Expected input to be 2D or 3D, got ${data.dim()}D ${name === "RNN" ? "tensor " : ""}instead`);
      }
      is_batched = data.dim() === 3;
      batch_dim = this.batch_first ? 0 : 1;
      if (!is_batched) data = data.unsqueeze(batch_dim);
      if (hx != null) {
        if (isLSTM) {
          const [h, c] = hx as LSTMState;
          if (is_batched && (h.dim() !== 3 || c.dim() !== 3)) {
            throw new RuntimeError(`For batched 3-D input, hx and cx should also be 3-D but got (${h.dim()}-D, ${c.dim()}-D) tensors`);
          }
          if (!is_batched) {
            if (h.dim() !== 2 || c.dim() !== 2) throw new RuntimeError(`For unbatched 2-D input, hx and cx should also be 2-D but got (${h.dim()}-D, ${c.dim()}-D) tensors`);
            hx = [h.unsqueeze(1), c.unsqueeze(1)];
          }
        } else {
          const h = hx as Tensor;
          if (!is_batched) {
            if (h.dim() !== 2) throw new RuntimeError(`For unbatched 2-D input, hx should also be 2-D but got ${h.dim()}-D tensor`);
            hx = h.unsqueeze(1);
          } else if (h.dim() !== 3) {
            throw new RuntimeError(`For batched 3-D input, hx should also be 3-D but got ${h.dim()}-D tensor`);
          }
        }
      }
      max_batch_size = this.batch_first ? data.size(0) : data.size(1);
    }
    if (hx == null) {
      const options = { dtype: data.dtype, device: data.device } as never;
      const h_zeros = zeros([this.num_layers * num_directions, max_batch_size, real_hidden_size], options);
      hx = isLSTM ? [h_zeros, zeros([this.num_layers * num_directions, max_batch_size, this.hidden_size], options)] : h_zeros;
    } else {
      // Each batch of the hidden state should match the input sequence that the user believes he/she is passing in.
      hx = this.permute_hidden(hx, sorted_indices);
    }
    if (hx == null) throw new AssertionError("hx must not be None");
    this.check_forward_args(data, hx, batch_sizes);
    const result =
      batch_sizes === null
        ? kernel(data, hx, this._flat_weights, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional, this.batch_first)
        : kernel(data, batch_sizes, hx, this._flat_weights, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional);
    let output = result[0];
    let hidden: Tensor | LSTMState = isLSTM ? [result[1], result[2]] : result[1];
    if (orig_input instanceof PackedSequence) {
      return [new PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices), this.permute_hidden(hidden, unsorted_indices)];
    }
    if (!is_batched) {
      output = output.squeeze(batch_dim);
      hidden = isLSTM ? [(hidden as LSTMState)[0].squeeze(1), (hidden as LSTMState)[1].squeeze(1)] : (hidden as Tensor).squeeze(1);
    }
    return [output, this.permute_hidden(hidden, unsorted_indices)];
  }
}

function bindBase(name: string, args: unknown[]): BaseArgs {
  const [, kw] = splitOptions(args);
  if (name !== "LSTM" && kw.proj_size !== undefined) throw new ValueError("proj_size argument is only supported for LSTM, not RNN or GRU");
  return binder(name, BASE)(args) as BaseArgs;
}

/**
 * nn.RNN(input_size, hidden_size, num_layers = 1, nonlinearity = 'tanh', bias = True, batch_first = False,
 * dropout = 0.0, bidirectional = False): an Elman RNN with tanh or ReLU. (Up to PyTorch 1.13,
 * nonlinearity is a keyword only; from 2.x it may also be the fourth positional argument.)
 * @example const rnn = new nn.RNN(10, 20, 2); const [output, h_n] = rnn(input, h0);
 */
export class RNN extends RNNBase {
  declare nonlinearity: string;
  constructor(...args: unknown[]) {
    const [given, kw] = splitOptions(args);
    let pos = given;
    let nonlinearity: unknown;
    if (V2 && pos.length > 3) {
      nonlinearity = pos[3];
      pos = [...pos.slice(0, 3), ...pos.slice(4)];
    } else {
      nonlinearity = kw.nonlinearity ?? "tanh";
    }
    const { nonlinearity: _, ...rest } = kw;
    void _;
    let mode: string;
    if (nonlinearity === "tanh") mode = "RNN_TANH";
    else if (nonlinearity === "relu") mode = "RNN_RELU";
    else throw new ValueError(V2 ? `Unknown nonlinearity '${nonlinearity}'. Select from 'tanh' or 'relu'.` : `Unknown nonlinearity '${nonlinearity}'`);
    super(mode, bindBase("RNN", [...pos, rest]));
    this.nonlinearity = nonlinearity;
  }
  forward(input: Tensor | PackedSequence, hx: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    if (this.mode !== "RNN_TANH" && this.mode !== "RNN_RELU") throw new AssertionError(`mode must be RNN_TANH or RNN_RELU, got ${this.mode}`);
    return this.run(input, hx, (this.mode === "RNN_TANH" ? rnn_tanh : rnn_relu) as unknown as Fused) as [Tensor | PackedSequence, Tensor];
  }
}

/**
 * nn.LSTM(input_size, hidden_size, num_layers = 1, bias = True, batch_first = False, dropout = 0.0,
 * bidirectional = False, proj_size = 0): a long short-term memory RNN; returns [output, [h_n, c_n]].
 * @example const lstm = new nn.LSTM(10, 20, 2); const [output, [h_n, c_n]] = lstm(input, [h0, c0]);
 */
export class LSTM extends RNNBase {
  constructor(...args: unknown[]) {
    super("LSTM", bindBase("LSTM", args));
  }
  get_expected_cell_size(input: Tensor, batch_sizes: Tensor | null): number[] {
    const num_directions = this.bidirectional ? 2 : 1;
    return [this.num_layers * num_directions, this.miniBatch(input, batch_sizes), this.hidden_size];
  }
  check_forward_args(input: Tensor, hidden: Tensor | LSTMState, batch_sizes: Tensor | null): void {
    this.check_input(input, batch_sizes);
    const [h, c] = hidden as LSTMState;
    this.check_hidden_size(h, this.get_expected_hidden_size(input, batch_sizes), "Expected hidden[0] size {}, got {}");
    this.check_hidden_size(c, this.get_expected_cell_size(input, batch_sizes), "Expected hidden[1] size {}, got {}");
  }
  permute_hidden(hx: Tensor | LSTMState, permutation: Tensor | null): Tensor | LSTMState {
    if (permutation === null) return hx;
    const [h, c] = hx as LSTMState;
    return [applyPermutation(h, permutation), applyPermutation(c, permutation)];
  }
  forward(input: Tensor | PackedSequence, hx: LSTMState | null = null): [Tensor | PackedSequence, LSTMState] {
    return this.run(input, hx, lstm as unknown as Fused) as [Tensor | PackedSequence, LSTMState];
  }
}

/**
 * nn.GRU(input_size, hidden_size, num_layers = 1, bias = True, batch_first = False, dropout = 0.0,
 * bidirectional = False): a gated recurrent unit RNN.
 */
export class GRU extends RNNBase {
  constructor(...args: unknown[]) {
    super("GRU", bindBase("GRU", args));
  }
  forward(input: Tensor | PackedSequence, hx: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    return this.run(input, hx, gru as unknown as Fused) as [Tensor | PackedSequence, Tensor];
  }
}

/** RNNCellBase(input_size, hidden_size, bias, num_chunks): the weights of one step, (num_chunks * hidden_size) rows each. */
export abstract class RNNCellBase extends Module {
  declare input_size: number;
  declare hidden_size: number;
  declare bias: boolean;
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;

  protected constructor(input_size: number, hidden_size: number, bias: boolean, num_chunks: number, device: unknown, dtype: unknown) {
    super();
    const factory = factoryOf(device, dtype);
    Object.assign(this, { input_size, hidden_size, bias });
    this.weight_ih = new Parameter(empty([num_chunks * hidden_size, input_size], factory));
    this.weight_hh = new Parameter(empty([num_chunks * hidden_size, hidden_size], factory));
    if (bias) {
      this.bias_ih = new Parameter(empty([num_chunks * hidden_size], factory));
      this.bias_hh = new Parameter(empty([num_chunks * hidden_size], factory));
    } else {
      this.register_parameter("bias_ih", null);
      this.register_parameter("bias_hh", null);
    }
    this.reset_parameters();
  }

  extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.bias !== true) s += `, bias=${pyRepr(this.bias)}`;
    const nonlinearity = (this as { nonlinearity?: string }).nonlinearity;
    if (nonlinearity !== undefined && nonlinearity !== "tanh") s += `, nonlinearity=${nonlinearity}`;
    return s;
  }

  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const weight of this.parameters()) init.uniform_(weight, -stdv, stdv);
  }

  /** The dimension checks, the batch dimension added to unbatched input and the zero state, then one step. */
  protected step(name: string, input: Tensor, hx: Tensor | LSTMState | null, cell: CellFn): Tensor | LSTMState {
    const isLSTM = name === "LSTMCell";
    const nonlinearity = (this as { nonlinearity?: string }).nonlinearity;
    checkTensor(input, isLSTM ? "lstm_cell" : name === "GRUCell" ? "gru_cell" : `rnn_${nonlinearity === "relu" ? "relu" : "tanh"}_cell`, "input");
    if (input.dim() !== 1 && input.dim() !== 2) {
      if (!V2) throw new AssertionError(`${name}: Expected input to be 1-D or 2-D but received ${input.dim()}-D tensor`);
      throw new ValueError(`${name}: Expected input to be 1D or 2D, got ${input.dim()}D instead`);
    }
    if (V2 && hx != null) {
      const parts = isLSTM ? (hx as LSTMState) : [hx as Tensor];
      parts.forEach((value, idx) => {
        if (value.dim() !== 1 && value.dim() !== 2) {
          throw new ValueError(`${name}: Expected ${isLSTM ? `hx[${idx}]` : "hidden"} to be 1D or 2D, got ${value.dim()}D instead`);
        }
      });
    }
    const is_batched = input.dim() === 2;
    if (!is_batched) input = input.unsqueeze(0);
    if (hx == null) {
      const zs = zeros([input.size(0), this.hidden_size], { dtype: input.dtype, device: input.device } as never);
      hx = isLSTM ? [zs, zs] : zs;
    } else if (!is_batched) {
      hx = isLSTM ? [(hx as LSTMState)[0].unsqueeze(0), (hx as LSTMState)[1].unsqueeze(0)] : (hx as Tensor).unsqueeze(0);
    }
    const ret = cell(input, hx, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    if (isLSTM) {
      const [h, c] = ret as Tensor[];
      return is_batched ? [h, c] : [h.squeeze(0), c.squeeze(0)];
    }
    return is_batched ? (ret as Tensor) : (ret as Tensor).squeeze(0);
  }
}

/** LSTMCell's and GRUCell's (input_size, hidden_size, bias = True, device = None, dtype = None), with the number of gates. */
function bindCell(name: string, args: unknown[], num_chunks: number): [number, number, boolean, number, unknown, unknown] {
  const [input_size, hidden_size, bias, device, dtype] = binder(name, "input_size, hidden_size, bias=True, device=None, dtype=None")(args) as [number, number, boolean, unknown, unknown];
  return [input_size, hidden_size, bias, num_chunks, device, dtype];
}

/** nn.RNNCell(input_size, hidden_size, bias = True, nonlinearity = 'tanh'): one Elman RNN step. */
export class RNNCell extends RNNCellBase {
  declare nonlinearity: string;
  constructor(...args: unknown[]) {
    const [input_size, hidden_size, bias, nonlinearity, device, dtype] = binder("RNNCell", "input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None")(args) as
      [number, number, boolean, string, unknown, unknown];
    super(input_size, hidden_size, bias, 1, device, dtype);
    this.nonlinearity = nonlinearity;
  }
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const cell: CellFn = (...a) => {
      if (this.nonlinearity === "tanh") return (rnn_tanh_cell as unknown as CellFn)(...a);
      if (this.nonlinearity === "relu") return (rnn_relu_cell as unknown as CellFn)(...a);
      throw new RuntimeError(`Unknown nonlinearity: ${this.nonlinearity}`);
    };
    return this.step("RNNCell", input, hx, cell) as Tensor;
  }
}

/** nn.LSTMCell(input_size, hidden_size, bias = True): one LSTM step; returns [h_1, c_1]. */
export class LSTMCell extends RNNCellBase {
  constructor(...args: unknown[]) {
    super(...bindCell("LSTMCell", args, 4));
  }
  forward(input: Tensor, hx: LSTMState | null = null): LSTMState {
    return this.step("LSTMCell", input, hx, lstm_cell as unknown as CellFn) as LSTMState;
  }
}

/** nn.GRUCell(input_size, hidden_size, bias = True): one GRU step. */
export class GRUCell extends RNNCellBase {
  constructor(...args: unknown[]) {
    super(...bindCell("GRUCell", args, 3));
  }
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this.step("GRUCell", input, hx, gru_cell as unknown as CellFn) as Tensor;
  }
}
