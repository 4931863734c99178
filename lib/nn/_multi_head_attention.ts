/**
 * F.multi_head_attention_forward and its helpers (torch/nn/functional.py):
 * _in_projection_packed, _in_projection, _mha_shape_check, _canonical_mask.
 * The computation follows the Python of the libtorch in use: 1.13 merges the
 * masks as booleans and always runs baddbmm/softmax/bmm; 2.x turns masks
 * into float masks first, and runs scaled_dot_product_attention when the
 * weights are not needed.
 */
import * as aten from "../_generated/torch";
import { fn } from "../_ops/install";
import { def } from "../_pydef";
import * as dtypes from "../dtype";
import { AssertionError, RuntimeError } from "../errors";
import { Tensor } from "../tensor";
import { torchAtLeast } from "../version";
import * as F from "./functional";
import { pyTuple } from "./modules/utils";

type Ops = Record<string, (...args: unknown[]) => Tensor>;
const T = aten as unknown as Ops;
const V2 = torchAtLeast(2);
type Opt = Tensor | null;

const warned = new Set<string>();
/** warnings.warn: a UserWarning, once per message. */
function warn(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, "UserWarning");
}

const same = (shape: readonly number[], want: readonly number[]) => shape.length === want.length && shape.every((s, i) => s === want[i]);

/** torch._native_multi_head_attention: the private kernel of MultiheadAttention's fast path (same schema in 1.13 and 2.x). */
export const _native_multi_head_attention = fn<(...args: unknown[]) => [Tensor, Tensor]>("_native_multi_head_attention", [{
  schema: "_native_multi_head_attention(Tensor query, Tensor key, Tensor value, int embed_dim, int num_head, Tensor qkv_weight, Tensor qkv_bias, " +
    "Tensor proj_weight, Tensor proj_bias, Tensor? mask=None, bool need_weights=True, bool average_attn_weights=True, int? mask_type=None) -> (Tensor, Tensor)",
}]);

/** _in_projection_packed(q, k, v, w, b = None): the q, k, v projections with packed weights (self- and encoder-decoder attention share one matmul). */
export function _in_projection_packed(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Opt = null): Tensor[] {
  const E = q.size(-1);
  if (k !== v) {
    const [w_q, w_k, w_v] = w.chunk(3);
    const [b_q, b_k, b_v] = b === null ? [null, null, null] : b.chunk(3);
    return [F.linear(q, w_q, b_q), F.linear(k, w_k, b_k), F.linear(v, w_v, b_v)];
  }
  // 2.x lays the packed projection out as (3, ..., E) and contiguous; 1.13 chunks the last dimension.
  const unpack = (proj: Tensor, n: number) => {
    if (!V2) return proj.chunk(n, -1);
    const packed = proj.unflatten(-1, [n, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
    return Array.from({ length: n }, (_, i) => packed.select(0, i));
  };
  if (q === k) return unpack(F.linear(q, w, b), 3);
  const [w_q, w_kv] = w.split([E, E * 2]);
  const [b_q, b_kv] = b === null ? [null, null] : b.split([E, E * 2]);
  return [F.linear(q, w_q, b_q), ...unpack(F.linear(k, w_kv, b_kv), 2)];
}

/** _in_projection(q, k, v, w_q, w_k, w_v, b_q = None, b_k = None, b_v = None): three projections, shapes checked. */
export function _in_projection(q: Tensor, k: Tensor, v: Tensor, w_q: Tensor, w_k: Tensor, w_v: Tensor, b_q: Opt = null, b_k: Opt = null, b_v: Opt = null): Tensor[] {
  const Eq = q.size(-1), Ek = k.size(-1), Ev = v.size(-1);
  const check = (t: Opt, want: number[], what: string) => {
    if (t !== null && !same(t.shape, want)) throw new AssertionError(`expecting ${what} shape of ${pyTuple(want)}, but got ${t.shape}`);
  };
  check(w_q, [Eq, Eq], "query weights");
  check(w_k, [Eq, Ek], "key weights");
  check(w_v, [Eq, Ev], "value weights");
  check(b_q, [Eq], "query bias");
  check(b_k, [Eq], "key bias");
  check(b_v, [Eq], "value bias");
  return [F.linear(q, w_q, b_q), F.linear(k, w_k, b_k), F.linear(v, w_v, b_v)];
}

/** _mha_shape_check: whether the call is batched (3-D query) or not (2-D), with PyTorch's AssertionErrors. */
export function _mha_shape_check(query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Opt, attn_mask: Opt, num_heads: number): boolean {
  const batched = query.dim() === 3;
  if (!batched && query.dim() !== 2) throw new AssertionError(`query should be unbatched 2D or batched 3D tensor but received ${query.dim()}-D query tensor`);
  const [kind, n] = batched ? ["batched (3-D)", 3] : ["unbatched (2-D)", 2];
  if (key.dim() !== n || value.dim() !== n) {
    throw new AssertionError(`For ${kind} \`query\`, expected \`key\` and \`value\` to be ${n}-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`);
  }
  if (key_padding_mask !== null && key_padding_mask.dim() !== n - 1) {
    throw new AssertionError(`For ${kind} \`query\`, expected \`key_padding_mask\` to be \`None\` or ${n - 1}-D but found ${key_padding_mask.dim()}-D tensor instead`);
  }
  if (attn_mask !== null) {
    if (attn_mask.dim() !== 2 && attn_mask.dim() !== 3) {
      throw new AssertionError(`For ${kind} \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attn_mask.dim()}-D tensor instead`);
    }
    const want = [num_heads, query.shape[0], key.shape[0]];
    if (!batched && attn_mask.dim() === 3 && !same(attn_mask.shape, want)) {
      throw new AssertionError(`Expected \`attn_mask\` shape to be ${pyTuple(want)} but got ${attn_mask.shape}`);
    }
  }
  return batched;
}

/** _canonical_mask (2.x): a bool mask as a float one (-inf where true); float masks pass; other dtypes refused. */
export function _canonical_mask(mask: Opt, mask_name: string, other_type: dtypes.dtype | null, other_name: string, target_type: dtypes.dtype, check_other = true): Opt {
  if (mask === null) return null;
  const isFloat = mask.is_floating_point();
  if (mask.dtype !== dtypes.bool && !isFloat) throw new AssertionError(`only bool and floating types of ${mask_name} are supported`);
  if (check_other && other_type !== null && mask.dtype !== other_type) {
    warn(`Support for mismatched ${mask_name} and ${other_name} is deprecated. Use same type for both instead.`);
  }
  return isFloat ? mask : T.zeros_like(mask, { dtype: target_type }).masked_fill_(mask, -Infinity);
}

/** _none_or_dtype: a tensor's dtype, or null. */
export const _none_or_dtype = (input: Opt): dtypes.dtype | null => (input === null ? null : input.dtype);

/** 1.13's check of the key padding mask's dtype (2.x's _canonical_mask makes it). */
export function checkKpmDtype(key_padding_mask: Opt): void {
  if (key_padding_mask !== null && key_padding_mask.dtype !== dtypes.bool && !key_padding_mask.is_floating_point()) {
    throw new AssertionError("only bool and floating types of key_padding_mask are supported");
  }
}

// The attention mask checked against (L, S) or (N·heads, L, S), made 3-D.
function mask3d(attn_mask: Tensor, tgt_len: number, src_len: number, bsz: number, num_heads: number): Tensor {
  if (attn_mask.dim() === 2) {
    const want = [tgt_len, src_len];
    if (!same(attn_mask.shape, want)) throw new RuntimeError(`The shape of the 2D attn_mask is ${attn_mask.shape}, but should be ${pyTuple(want)}.`);
    return attn_mask.unsqueeze(0);
  }
  if (attn_mask.dim() === 3) {
    const want = [bsz * num_heads, tgt_len, src_len];
    if (!same(attn_mask.shape, want)) throw new RuntimeError(`The shape of the 3D attn_mask is ${attn_mask.shape}, but should be ${pyTuple(want)}.`);
    return attn_mask;
  }
  throw new RuntimeError(`attn_mask's dimension ${attn_mask.dim()} is not supported`);
}

// static_k/static_v in place of the projected keys/values, checked.
function staticOr(t: Tensor, stat: Opt, bsz: number, num_heads: number, head_dim: number, name: string): Tensor {
  if (stat === null) return (V2 ? t : t.contiguous()).view([t.shape[0], bsz * num_heads, head_dim]).transpose(0, 1);
  if (stat.size(0) !== bsz * num_heads) throw new AssertionError(`expecting ${name}.size(0) of ${bsz * num_heads}, but got ${stat.size(0)}`);
  if (stat.size(2) !== head_dim) throw new AssertionError(`expecting ${name}.size(2) of ${head_dim}, but got ${stat.size(2)}`);
  return stat;
}

const MHA_SPEC =
  "query: Tensor, key: Tensor, value: Tensor, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn, dropout_p, " +
  "out_proj_weight: Tensor, out_proj_bias, training=True, key_padding_mask=None, need_weights=True, attn_mask=None, use_separate_proj_weight=False, " +
  `q_proj_weight=None, k_proj_weight=None, v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True${V2 ? ", is_causal=False" : ""}`;

/** What F.multi_head_attention_forward returns: the output and the attention weights (null when need_weights is false). */
export type MhaResult = [Tensor, Tensor | null];

/**
 * F.multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
 * bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias, training = True, key_padding_mask = None,
 * need_weights = True, attn_mask = None, use_separate_proj_weight = False, q_proj_weight = None, k_proj_weight = None,
 * v_proj_weight = None, static_k = None, static_v = None, average_attn_weights = True, is_causal = False (2.x)).
 * Sequence-first inputs: (L, N, E) batched or (L, E) unbatched.
 */
export const multi_head_attention_forward = def<(query: Tensor, key: Tensor, value: Tensor, ...args: unknown[]) => MhaResult>("multi_head_attention_forward", MHA_SPEC, (
  query: Tensor, key: Tensor, value: Tensor, embed_dim_to_check: number, num_heads: number, in_proj_weight: Opt, in_proj_bias: Opt, bias_k: Opt, bias_v: Opt,
  add_zero_attn: boolean, dropout_p: number, out_proj_weight: Tensor, out_proj_bias: Opt, training: boolean, key_padding_mask: Opt, need_weights: boolean,
  attn_mask: Opt, use_separate_proj_weight: boolean, q_proj_weight: Opt, k_proj_weight: Opt, v_proj_weight: Opt, static_k: Opt, static_v: Opt,
  average_attn_weights: boolean, is_causal = false,
): MhaResult => {
  const is_batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads);
  if (!is_batched) {
    [query, key, value] = [query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)];
    if (key_padding_mask !== null) key_padding_mask = key_padding_mask.unsqueeze(0);
  }
  const [tgt_len, bsz, embed_dim] = query.shape;
  let src_len = key.shape[0];
  if (V2) {
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask), "attn_mask", query.dtype);
    if (is_causal && attn_mask === null) {
      throw new RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.");
    }
    if (is_causal && key_padding_mask === null && !need_weights) attn_mask = null;
    else {
      attn_mask = _canonical_mask(attn_mask, "attn_mask", null, "", query.dtype, false);
      if (key_padding_mask !== null) is_causal = false;
    }
  } else checkKpmDtype(key_padding_mask);
  if (embed_dim !== embed_dim_to_check) throw new AssertionError(`was expecting embedding dimension of ${embed_dim_to_check}, but got ${embed_dim}`);
  const head_dim = Math.floor(embed_dim / num_heads);
  if (head_dim * num_heads !== embed_dim) throw new AssertionError(`embed_dim ${embed_dim} not divisible by num_heads ${num_heads}`);
  if (use_separate_proj_weight) {
    if (!same(key.shape.slice(0, 2), value.shape.slice(0, 2))) {
      throw new AssertionError(`key's sequence and batch dims ${key.size().slice(0, 2)} do not match value's ${value.size().slice(0, 2)}`);
    }
  } else if (!same(key.shape, value.shape)) throw new AssertionError(`key shape ${key.shape} does not match value shape ${value.shape}`);

  let q: Tensor, k: Tensor, v: Tensor;
  if (!use_separate_proj_weight) {
    if (in_proj_weight === null) throw new AssertionError("use_separate_proj_weight is False but in_proj_weight is None");
    [q, k, v] = _in_projection_packed(query, key, value, in_proj_weight, in_proj_bias);
  } else {
    for (const [w, name] of [[q_proj_weight, "q"], [k_proj_weight, "k"], [v_proj_weight, "v"]] as const) {
      if (w === null) throw new AssertionError(`use_separate_proj_weight is True but ${name}_proj_weight is None`);
    }
    const [b_q, b_k, b_v] = in_proj_bias === null ? [null, null, null] : in_proj_bias.chunk(3);
    [q, k, v] = _in_projection(query, key, value, q_proj_weight!, k_proj_weight!, v_proj_weight!, b_q, b_k, b_v);
  }

  if (attn_mask !== null) {
    if (!V2) {
      if (attn_mask.dtype === dtypes.uint8) {
        warn("Byte tensor for attn_mask in nn.MultiheadAttention is deprecated. Use bool tensor instead.");
        attn_mask = attn_mask.to(dtypes.bool);
      } else if (!attn_mask.is_floating_point() && attn_mask.dtype !== dtypes.bool) {
        throw new AssertionError(`Only float, byte, and bool types are supported for attn_mask, not ${attn_mask.dtype}`);
      }
    }
    attn_mask = mask3d(attn_mask, tgt_len, src_len, bsz, num_heads);
  }

  if (bias_k !== null && bias_v !== null) {
    if (static_k !== null) throw new AssertionError("bias cannot be added to static key.");
    if (static_v !== null) throw new AssertionError("bias cannot be added to static value.");
    k = T.cat([k, bias_k.repeat([1, bsz, 1])]);
    v = T.cat([v, bias_v.repeat([1, bsz, 1])]);
    if (attn_mask !== null) attn_mask = F.pad(attn_mask, [0, 1]);
    if (key_padding_mask !== null) key_padding_mask = F.pad(key_padding_mask, [0, 1]);
  } else {
    if (bias_k !== null) throw new AssertionError(V2 ? "bias_k is set but bias_v is None" : "");
    if (bias_v !== null) throw new AssertionError(V2 ? "bias_v is set but bias_k is None" : "");
  }

  q = (V2 ? q : q.contiguous()).view([tgt_len, bsz * num_heads, head_dim]).transpose(0, 1);
  k = staticOr(k, static_k, bsz, num_heads, head_dim, "static_k");
  v = staticOr(v, static_v, bsz, num_heads, head_dim, "static_v");

  if (add_zero_attn) {
    const shape = [bsz * num_heads, 1, head_dim];
    k = T.cat([k, T.zeros(shape, { dtype: k.dtype, device: k.device })], 1);
    v = T.cat([v, T.zeros(shape, { dtype: v.dtype, device: v.device })], 1);
    if (attn_mask !== null) attn_mask = F.pad(attn_mask, [0, 1]);
    if (key_padding_mask !== null) key_padding_mask = F.pad(key_padding_mask, [0, 1]);
  }
  src_len = k.size(1);

  if (key_padding_mask !== null) {
    const want = [bsz, src_len];
    if (V2) {
      if (key_padding_mask.shape[0] !== bsz) throw new AssertionError(`Expected key_padded_mask.shape[0] to be ${bsz}, but got ${key_padding_mask.shape[0]}`);
      if (key_padding_mask.shape[1] !== src_len) throw new AssertionError(`Expected key_padded_mask.shape[1] to be ${src_len}, but got ${key_padding_mask.shape[1]}`);
    } else if (!same(key_padding_mask.shape, want)) {
      throw new AssertionError(`expecting key_padding_mask shape of ${pyTuple(want)}, but got ${key_padding_mask.shape}`);
    }
    const kpm = key_padding_mask.view([bsz, 1, 1, src_len]).expand([-1, num_heads, -1, -1]).reshape([bsz * num_heads, 1, src_len]);
    if (attn_mask === null) attn_mask = kpm;
    else if (V2) attn_mask = attn_mask.add(kpm);
    else attn_mask = attn_mask.dtype === dtypes.bool ? attn_mask.logical_or(kpm) : attn_mask.masked_fill(kpm, -Infinity);
  }
  if (!V2 && attn_mask !== null && attn_mask.dtype === dtypes.bool) {
    attn_mask = T.zeros_like(attn_mask, { dtype: q.dtype }).masked_fill_(attn_mask, -Infinity);
  }
  if (!training) dropout_p = 0.0;

  const outProject = (attn_output: Tensor) => {
    const out = F.linear(attn_output, out_proj_weight, out_proj_bias);
    return out.view([tgt_len, bsz, out.size(1)]);
  };
  if (V2 && !need_weights) {
    if (attn_mask !== null) attn_mask = attn_mask.size(0) === 1 && attn_mask.dim() === 3 ? attn_mask.unsqueeze(0) : attn_mask.view([bsz, num_heads, -1, src_len]);
    q = q.view([bsz, num_heads, tgt_len, head_dim]);
    k = k.view([bsz, num_heads, src_len, head_dim]);
    v = v.view([bsz, num_heads, src_len, head_dim]);
    const sdpa = F.scaled_dot_product_attention as (...a: unknown[]) => Tensor;
    const out = outProject(sdpa(q, k, v, attn_mask, dropout_p, is_causal).permute([2, 0, 1, 3]).reshape([bsz * tgt_len, embed_dim]));
    return [is_batched ? out : out.squeeze(1), null];
  }

  const E = q.shape[2];
  if (V2 && is_causal && attn_mask === null) throw new AssertionError("FIXME: is_causal not implemented for need_weights");
  const q_scaled = V2 ? q.mul(Math.sqrt(1.0 / E)) : q.div(Math.sqrt(E));
  let weights = attn_mask !== null ? T.baddbmm(attn_mask, q_scaled, k.transpose(-2, -1)) : T.bmm(q_scaled, k.transpose(-2, -1));
  weights = F.softmax(weights, -1);
  if (dropout_p > 0.0) weights = F.dropout(weights, { p: dropout_p });
  const bmm = T.bmm(weights, v).transpose(0, 1);
  let out = outProject(V2 ? bmm.reshape([tgt_len * bsz, embed_dim]) : bmm.contiguous().view([tgt_len * bsz, embed_dim]));
  if (!need_weights) return [is_batched ? out : out.squeeze(1), null];
  weights = weights.view([bsz, num_heads, tgt_len, src_len]);
  if (average_attn_weights) weights = V2 ? weights.mean(1) : weights.sum(1).div(num_heads);
  if (!is_batched) {
    out = out.squeeze(1);
    weights = weights.squeeze(0);
  }
  return [out, weights];
});
