/** Embeddings (torch/nn/modules/sparse.py): Embedding and EmbeddingBag. */
import { empty } from "../../_generated/torch";
import { no_grad } from "../../autograd/grad_mode";
import { binder } from "../../_pydef";
import { floatRepr, pyRepr } from "../../_pyformat";
import { AssertionError } from "../../errors";
import type { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import * as F from "../functional";
import * as init from "../init";
import { Parameter } from "../parameter";
import { Module } from "./module";

const V2 = torchAtLeast(2);
const EMBEDDING = "num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight: Tensor=None, _freeze=False, device=None, dtype=None";
const EMBEDDING_BAG = "num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, mode='mean', sparse=False, _weight: Tensor=None, include_last_offset=False, padding_idx=None, device=None, dtype=None";

/** A padding index within [-num, num), made non-negative; `what` is how the message spells it. */
function paddingIndex(padding_idx: number | null, num: number, what: string): number | null {
  if (padding_idx === null) return null;
  if ((padding_idx > 0 && padding_idx >= num) || (padding_idx < 0 && padding_idx < -num)) throw new AssertionError(`${what} must be within num_embeddings`);
  return padding_idx < 0 ? num + padding_idx : padding_idx;
}

/** The common part: the (num_embeddings, embedding_dim) weight, N(0, 1) with the padding row zeroed, or the one given. */
abstract class _EmbeddingBase extends Module {
  declare num_embeddings: number;
  declare embedding_dim: number;
  declare padding_idx: number | null;
  declare max_norm: number | null;
  declare norm_type: number;
  declare scale_grad_by_freq: boolean;
  declare sparse: boolean;
  declare weight: Parameter;

  protected makeWeight(_weight: Tensor | null, requires_grad: boolean, device: unknown, dtype: unknown): void {
    if (_weight === null) {
      this.weight = new Parameter(empty([this.num_embeddings, this.embedding_dim], { device: (device ?? undefined) as never, dtype: (dtype ?? undefined) as never }), requires_grad);
      this.reset_parameters();
    } else {
      if (_weight.dim() !== 2 || _weight.size(0) !== this.num_embeddings || _weight.size(1) !== this.embedding_dim) {
        throw new AssertionError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = new Parameter(_weight, requires_grad);
    }
  }

  reset_parameters(): void {
    init.normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }

  _fill_padding_idx_with_zero(): void {
    if (this.padding_idx !== null) no_grad(() => this.weight.select(0, this.padding_idx!).fill_(0));
  }

  /** "{num_embeddings}, {embedding_dim}" and the options that differ from their defaults, as PyTorch lists them. */
  protected reprHead(withPadding: boolean): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (withPadding && this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${floatRepr(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${floatRepr(this.norm_type)}`;
    if (this.scale_grad_by_freq !== false) s += `, scale_grad_by_freq=${pyRepr(this.scale_grad_by_freq)}`;
    return s;
  }
}

/**
 * nn.Embedding(num_embeddings, embedding_dim, padding_idx = None, max_norm = None, norm_type = 2.0,
 * scale_grad_by_freq = False, sparse = False, _weight = None, _freeze = False): a lookup table.
 */
export class Embedding extends _EmbeddingBase {
  constructor(...args: unknown[]) {
    super();
    const [num, dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, _weight, _freeze, device, dtype] = binder("Embedding", EMBEDDING)(args) as
      [number, number, number | null, number | null, number, boolean, boolean, Tensor | null, boolean, unknown, unknown];
    this.num_embeddings = num;
    this.embedding_dim = dim;
    this.padding_idx = paddingIndex(padding_idx, num, "Padding_idx");
    Object.assign(this, { max_norm, norm_type, scale_grad_by_freq });
    this.makeWeight(_weight, !_freeze, device, dtype);
    this.sparse = sparse;
  }

  forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, this.padding_idx, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.sparse);
  }

  extra_repr(): string {
    return this.reprHead(true) + (this.sparse !== false ? ", sparse=True" : "");
  }

  /** Embedding.from_pretrained(embeddings, freeze = True, padding_idx = None, max_norm = None, norm_type = 2.0, scale_grad_by_freq = False, sparse = False) */
  static from_pretrained(...args: unknown[]): Embedding {
    const [embeddings, freeze, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse] =
      binder("from_pretrained", "embeddings: Tensor, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False")(args) as [Tensor, ...unknown[]];
    if (embeddings.dim() !== 2) throw new AssertionError("Embeddings parameter is expected to be 2-dimensional");
    const [rows, cols] = embeddings.shape;
    const options = { num_embeddings: rows, embedding_dim: cols, _weight: embeddings, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse };
    if (V2) return new this({ ...options, _freeze: freeze });
    const embedding = new this(options);
    embedding.weight.requires_grad = !freeze;
    return embedding;
  }
}

/**
 * nn.EmbeddingBag(num_embeddings, embedding_dim, max_norm = None, norm_type = 2.0, scale_grad_by_freq = False,
 * mode = 'mean', sparse = False, _weight = None, include_last_offset = False, padding_idx = None): sums, means or maxes of bags of embeddings.
 */
export class EmbeddingBag extends _EmbeddingBase {
  declare mode: string;
  declare include_last_offset: boolean;
  constructor(...args: unknown[]) {
    super();
    const [num, dim, max_norm, norm_type, scale_grad_by_freq, mode, sparse, _weight, include_last_offset, padding_idx, device, dtype] = binder("EmbeddingBag", EMBEDDING_BAG)(args) as
      [number, number, number | null, number, boolean, string, boolean, Tensor | null, boolean, number | null, unknown, unknown];
    this.num_embeddings = num;
    this.embedding_dim = dim;
    Object.assign(this, { max_norm, norm_type, scale_grad_by_freq });
    this.padding_idx = paddingIndex(padding_idx, num, "padding_idx");
    this.makeWeight(_weight, true, device, dtype);
    Object.assign(this, { mode, sparse, include_last_offset });
  }

  forward(input: Tensor, offsets: Tensor | null = null, per_sample_weights: Tensor | null = null): Tensor {
    return F.embedding_bag(input, this.weight, offsets, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.mode, this.sparse,
      per_sample_weights, this.include_last_offset, this.padding_idx);
  }

  extra_repr(): string {
    // 2.x formats the values with repr(): mode='mean'.
    let s = `${this.reprHead(false)}, mode=${V2 ? pyRepr(this.mode) : this.mode}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    return s;
  }

  /** EmbeddingBag.from_pretrained(embeddings, freeze = True, max_norm = None, norm_type = 2.0, scale_grad_by_freq = False, mode = 'mean', sparse = False, include_last_offset = False, padding_idx = None) */
  static from_pretrained(...args: unknown[]): EmbeddingBag {
    const [embeddings, freeze, max_norm, norm_type, scale_grad_by_freq, mode, sparse, include_last_offset, padding_idx] = binder("from_pretrained",
      "embeddings: Tensor, freeze=True, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, mode='mean', sparse=False, include_last_offset=False, padding_idx=None")(args) as [Tensor, ...unknown[]];
    if (embeddings.dim() !== 2) throw new AssertionError("Embeddings parameter is expected to be 2-dimensional");
    const [rows, cols] = embeddings.shape;
    const bag = new this({ num_embeddings: rows, embedding_dim: cols, _weight: embeddings, max_norm, norm_type, scale_grad_by_freq, mode, sparse, include_last_offset, padding_idx });
    bag.weight.requires_grad = !freeze;
    return bag;
  }
}
