/**
 * nn.MultiheadAttention (torch/nn/modules/activation.py), with its fast path:
 * where PyTorch would call torch._native_multi_head_attention (eval, no grad,
 * batch_first self-attention, ...), so does this, for PyTorch's bits.
 */
import { empty } from "../../_generated/torch";
import { is_grad_enabled } from "../../autograd/grad_mode";
import { binder } from "../../_pydef";
import { AssertionError, ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { torchAtLeast } from "../../version";
import * as M from "../_multi_head_attention";
import { constant_, xavier_normal_, xavier_uniform_ } from "../init";
import { Parameter } from "../parameter";
import { Linear } from "./linear";
import { Module } from "./module";

const V2 = torchAtLeast(2);
type Opt = Tensor | null;

/** NonDynamicallyQuantizableLinear: a Linear under another name (it only tells quantisation to leave out_proj alone). */
export class NonDynamicallyQuantizableLinear extends Linear {}

const FORWARD_SPEC = `query: Tensor, key: Tensor, value: Tensor, key_padding_mask=None, need_weights=True, attn_mask=None, average_attn_weights=True${V2 ? ", is_causal=False" : ""}`;
const bindForward = binder("forward", FORWARD_SPEC);

/**
 * nn.MultiheadAttention(embed_dim, num_heads, dropout = 0.0, bias = True, add_bias_kv = False, add_zero_attn = False,
 * kdim = None, vdim = None, batch_first = False): attention over `num_heads` heads, its parameters drawn as PyTorch
 * draws them. `mha(query, key, value, { key_padding_mask, need_weights, attn_mask, average_attn_weights })` returns
 * `[attn_output, attn_output_weights]`.
 * @example const mha = new nn.MultiheadAttention(8, 2); const [out, w] = mha(x, x, x);
 */
export class MultiheadAttention extends Module {
  declare embed_dim: number;
  declare kdim: number;
  declare vdim: number;
  declare _qkv_same_embed_dim: boolean;
  declare num_heads: number;
  declare dropout: number;
  declare batch_first: boolean;
  declare head_dim: number;
  declare add_zero_attn: boolean;
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;

  constructor(...args: unknown[]) {
    super();
    const spec = "embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None, dtype=None";
    const [embed_dim, num_heads, dropout, bias, add_bias_kv, add_zero_attn, kdim, vdim, batch_first, device, dtype] =
      binder("MultiheadAttention", spec)(args) as [number, number, number, boolean, boolean, boolean, number | null, number | null, boolean, unknown, unknown];
    if (V2 && (embed_dim <= 0 || num_heads <= 0)) {
      throw new ValueError(`embed_dim and num_heads must be greater than 0, got embed_dim=${embed_dim} and num_heads=${num_heads} instead`);
    }
    const factory = { device: (device ?? undefined) as never, dtype: (dtype ?? undefined) as never };
    this.embed_dim = embed_dim;
    this.kdim = kdim ?? embed_dim;
    this.vdim = vdim ?? embed_dim;
    this._qkv_same_embed_dim = this.kdim === embed_dim && this.vdim === embed_dim;
    this.num_heads = num_heads;
    this.dropout = dropout;
    this.batch_first = batch_first;
    this.head_dim = Math.floor(embed_dim / num_heads);
    if (this.head_dim * num_heads !== embed_dim) throw new AssertionError("embed_dim must be divisible by num_heads");
    if (!this._qkv_same_embed_dim) {
      this.q_proj_weight = new Parameter(empty([embed_dim, embed_dim], factory));
      this.k_proj_weight = new Parameter(empty([embed_dim, this.kdim], factory));
      this.v_proj_weight = new Parameter(empty([embed_dim, this.vdim], factory));
      this.register_parameter("in_proj_weight", null);
    } else {
      this.in_proj_weight = new Parameter(empty([3 * embed_dim, embed_dim], factory));
      this.register_parameter("q_proj_weight", null);
      this.register_parameter("k_proj_weight", null);
      this.register_parameter("v_proj_weight", null);
    }
    if (bias) this.in_proj_bias = new Parameter(empty([3 * embed_dim], factory));
    else this.register_parameter("in_proj_bias", null);
    this.out_proj = new NonDynamicallyQuantizableLinear(embed_dim, embed_dim, { bias, device, dtype });
    if (add_bias_kv) {
      this.bias_k = new Parameter(empty([1, 1, embed_dim], factory));
      this.bias_v = new Parameter(empty([1, 1, embed_dim], factory));
    } else {
      this.bias_k = this.bias_v = null;
    }
    this.add_zero_attn = add_zero_attn;
    this._reset_parameters();
  }

  _reset_parameters(): void {
    if (this._qkv_same_embed_dim) xavier_uniform_(this.in_proj_weight!);
    else {
      xavier_uniform_(this.q_proj_weight!);
      xavier_uniform_(this.k_proj_weight!);
      xavier_uniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias !== null) {
      constant_(this.in_proj_bias, 0.0);
      constant_(this.out_proj.bias!, 0.0);
    }
    if (this.bias_k !== null) xavier_normal_(this.bias_k);
    if (this.bias_v !== null) xavier_normal_(this.bias_v);
  }

  forward(...args: unknown[]): M.MhaResult {
    const bound = bindForward(args);
    let [query, key, value, key_padding_mask] = bound as [Tensor, Tensor, Tensor, Opt];
    let attn_mask = bound[5] as Opt;
    const [need_weights, average_attn_weights, is_causal = false] = [bound[4], bound[6], bound[7]] as [boolean, boolean, boolean?];
    const is_batched = query.dim() === 3;
    let whyNot = "";
    if (V2) {
      if ((attn_mask !== null && attn_mask.is_floating_point()) || (key_padding_mask !== null && key_padding_mask.is_floating_point())) {
        whyNot = "floating-point masks are not supported for fast path.";
      }
      key_padding_mask = M._canonical_mask(key_padding_mask, "key_padding_mask", M._none_or_dtype(attn_mask), "attn_mask", query.dtype);
      attn_mask = M._canonical_mask(attn_mask, "attn_mask", null, "", query.dtype, false);
    } else M.checkKpmDtype(key_padding_mask);
    whyNot = this.whyNotFastPath(query, key, value, attn_mask) || whyNot;
    if (!whyNot) {
      const tensors = [query, key, value, this.in_proj_weight, this.in_proj_bias, this.out_proj.weight, this.out_proj.bias];
      if (is_grad_enabled() && tensors.some((x) => x !== null && x.requires_grad)) whyNot = "grad is enabled and at least one of query or the input/output projection weights or biases requires_grad";
    }
    if (!whyNot) {
      const [mask, mask_type] = V2 ? this.merge_masks(attn_mask, key_padding_mask, query) : [key_padding_mask ?? attn_mask, key_padding_mask !== null ? 1 : attn_mask !== null ? 0 : null];
      if (!V2 || (this.in_proj_bias !== null && this.in_proj_weight !== null)) {
        const [out, weights] = M._native_multi_head_attention(query, key, value, this.embed_dim, this.num_heads, this.in_proj_weight, this.in_proj_bias,
          this.out_proj.weight, this.out_proj.bias, mask, need_weights, average_attn_weights, mask_type);
        return [out, weights ?? null];
      }
    }
    if (this.batch_first && is_batched) {
      // The transposes keep which of query, key and value are the same tensor: the packed projection looks.
      if (key === value) {
        if (query === key) query = key = value = query.transpose(1, 0);
        else {
          [query, key] = [query.transpose(1, 0), key.transpose(1, 0)];
          value = key;
        }
      } else [query, key, value] = [query.transpose(1, 0), key.transpose(1, 0), value.transpose(1, 0)];
    }
    const separate = this._qkv_same_embed_dim ? {} : { use_separate_proj_weight: true, q_proj_weight: this.q_proj_weight, k_proj_weight: this.k_proj_weight, v_proj_weight: this.v_proj_weight };
    const [out, weights] = M.multi_head_attention_forward(query, key, value, this.embed_dim, this.num_heads, this.in_proj_weight, this.in_proj_bias,
      this.bias_k, this.bias_v, this.add_zero_attn, this.dropout, this.out_proj.weight, this.out_proj.bias, {
        training: this.training, key_padding_mask, need_weights, attn_mask, ...separate, average_attn_weights, ...(V2 ? { is_causal } : {}),
      });
    return [this.batch_first && is_batched ? out.transpose(1, 0) : out, weights];
  }

  // The first of the module's reasons not to take the fast path, in PyTorch's order ("" where none holds).
  private whyNotFastPath(query: Tensor, key: Tensor, value: Tensor, attn_mask: Opt): string {
    if (query.dim() !== 3) return `input not batched; expected query.dim() of 3 but got ${query.dim()}`;
    if (query !== key || key !== value) return "non-self attention was used (query, key, and value are not the same Tensor)";
    if (this.in_proj_bias !== null && query.dtype !== this.in_proj_bias.dtype) return "dtypes of query and in_proj_bias don't match";
    if (V2 && this.in_proj_weight === null) return "in_proj_weight was None";
    if (this.in_proj_weight !== null && query.dtype !== this.in_proj_weight.dtype) return "dtypes of query and in_proj_weight don't match";
    if (this.training) return "training is enabled";
    if (V2 && this.num_heads % 2 !== 0) return "self.num_heads is not even";
    if (!this.batch_first) return "batch_first was not True";
    if (this.bias_k !== null) return "self.bias_k was not None";
    if (this.bias_v !== null) return "self.bias_v was not None";
    if (!V2 && this.dropout) return `dropout was ${this.dropout}, required zero`;
    if (this.add_zero_attn) return "add_zero_attn was enabled";
    if (!this._qkv_same_embed_dim) return "_qkv_same_embed_dim was not True";
    if (!V2 && attn_mask !== null) return "attn_mask was not None";
    if (!V2 && this.num_heads % 2 === 1) return "num_heads is odd";
    return "";
  }

  /** merge_masks(attn_mask, key_padding_mask, query) (2.x): one mask for the fast path, and its type (1: padding only, 2: merged). */
  merge_masks(attn_mask: Opt, key_padding_mask: Opt, query: Tensor): [Opt, number | null] {
    let mask_type: number | null = null, merged: Opt = null;
    if (key_padding_mask !== null) {
      mask_type = 1;
      merged = key_padding_mask;
    }
    if (attn_mask !== null) {
      const [batch_size, seq_len] = query.shape;
      mask_type = 2;
      const expanded = attn_mask.dim() === 3 ? attn_mask.view([batch_size, -1, seq_len, seq_len]) : attn_mask.view([1, 1, seq_len, seq_len]).expand([batch_size, this.num_heads, -1, -1]);
      merged = key_padding_mask === null ? expanded : expanded.add(key_padding_mask.view([batch_size, 1, 1, seq_len]).expand([-1, this.num_heads, -1, -1]));
    }
    return [merged, mask_type];
  }
}
