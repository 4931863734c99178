/**
 * The Transformer family (torch/nn/modules/transformer.py): TransformerEncoderLayer,
 * TransformerDecoderLayer, TransformerEncoder, TransformerDecoder, Transformer.
 * Where PyTorch takes torch._transformer_encoder_layer_fwd (eval, no grad,
 * batch_first, ...), so does this, for PyTorch's bits.
 */
import * as aten from "../../_generated/torch";
import { fn } from "../../_ops/install";
import { full } from "../../creation";
import { is_grad_enabled, no_grad } from "../../autograd/grad_mode";
import { binder } from "../../_pydef";
import type * as dtypes from "../../dtype";
import { RuntimeError } from "../../errors";
import { Tensor, type DeviceLike } from "../../tensor";
import { torchAtLeast } from "../../version";
import * as F from "../functional";
import * as M from "../_multi_head_attention";
import { xavier_uniform_ } from "../init";
import { Parameter } from "../parameter";
import { GELU, ReLU } from "./activation";
import { ModuleList } from "./container";
import { Dropout } from "./dropout";
import { Linear } from "./linear";
import { Module } from "./module";
import { MultiheadAttention } from "./multihead_attention";
import { LayerNorm } from "./normalization";

const V2 = torchAtLeast(2);
// The bias argument of the layers came with LayerNorm's, in 2.1.
const BIAS = torchAtLeast(2, 1);
type Opt = Tensor | null;
type Activation = (x: Tensor) => Tensor;

/** torch._transformer_encoder_layer_fwd: the private kernel of TransformerEncoderLayer's fast path (same schema in 1.13 and 2.x). */
const transformerEncoderLayerFwd = fn<(...args: unknown[]) => Tensor>("_transformer_encoder_layer_fwd", [{
  schema: "_transformer_encoder_layer_fwd(Tensor src, int embed_dim, int num_heads, Tensor qkv_weight, Tensor qkv_bias, Tensor proj_weight, Tensor proj_bias, " +
    "bool use_gelu, bool norm_first, float eps, Tensor norm_weight_1, Tensor norm_bias_1, Tensor norm_weight_2, Tensor norm_bias_2, Tensor ffn_weight_1, " +
    "Tensor ffn_bias_1, Tensor ffn_weight_2, Tensor ffn_bias_2, Tensor? mask=None, int? mask_type=None) -> Tensor",
}]);

/** torch._nested_tensor_from_mask and its left-alignment check: the private ops of TransformerEncoder's nested-tensor path. */
const nestedFromMask = fn<(t: Tensor, mask: Tensor, mask_check: boolean) => Tensor>("_nested_tensor_from_mask", [
  { schema: "_nested_tensor_from_mask(Tensor t, Tensor mask, bool mask_check=True) -> Tensor" },
]);
const leftAligned = fn<(t: Tensor, mask: Tensor) => boolean>("_nested_tensor_from_mask_left_aligned", [
  { schema: "_nested_tensor_from_mask_left_aligned(Tensor t, Tensor mask) -> bool" },
]);

// ---- helpers ----------------------------------------------------------------------------

/** A deep copy of a value held by a module: tensors cloned, modules copied, arrays and plain objects walked; functions shared. */
function deepcopyValue(value: unknown, memo: Map<unknown, unknown>): unknown {
  if (value === null || typeof value !== "object" && typeof value !== "function") return value;
  if (memo.has(value)) return memo.get(value);
  let copy: unknown = value;
  if (value instanceof Module) copy = deepcopyModule(value, memo);
  else if (value instanceof Parameter) copy = new Parameter(no_grad(() => value.clone()), value.requires_grad);
  else if (value instanceof Tensor) copy = no_grad(() => value.clone()).requires_grad_(value.requires_grad);
  else if (Array.isArray(value)) copy = value.map((v) => deepcopyValue(v, memo));
  else if (Object.getPrototypeOf(value) === Object.prototype) copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepcopyValue(v, memo)]));
  memo.set(value, copy);
  return copy;
}

/**
 * copy.deepcopy(module): the same class, its attributes, parameters (cloned, so equal to
 * the original's), buffers and submodules in their order, without running its
 * constructor, so no random numbers are drawn: what PyTorch's _get_clones relies on.
 */
export function deepcopyModule<T extends Module>(module: T, memo: Map<unknown, unknown> = new Map()): T {
  // Module's own constructor, with the subclass as new.target: a callable Proxy of that class, and nothing else run.
  const copy = Reflect.construct(Module, [], module.constructor) as T;
  memo.set(module, copy);
  copy.training = module.training;
  for (const [name, p] of module._parameters) copy.register_parameter(name, p === null ? null : (deepcopyValue(p, memo) as Parameter));
  for (const [name, b] of module._buffers) copy.register_buffer(name, b === null ? null : (deepcopyValue(b, memo) as Tensor), !module._non_persistent_buffers_set.has(name));
  for (const [name, m] of module._modules) copy.add_module(name, m === null ? null : (deepcopyValue(m, memo) as Module));
  for (const [id, hook] of module._forward_pre_hooks) copy._forward_pre_hooks.set(id, hook);
  for (const [id, hook] of module._forward_hooks) copy._forward_hooks.set(id, hook);
  for (const key of Object.keys(module)) {
    if (module._parameters.has(key) || module._buffers.has(key) || module._modules.has(key)) continue;
    (copy as unknown as Record<string, unknown>)[key] = deepcopyValue((module as unknown as Record<string, unknown>)[key], memo);
  }
  return copy;
}

/** _get_clones(module, N): a ModuleList of N deep copies. */
export function _get_clones(module: Module, N: number): ModuleList {
  return new ModuleList(Array.from({ length: N }, () => deepcopyModule(module)));
}

/** _get_activation_fn("relu" | "gelu"): F.relu or F.gelu. */
export function _get_activation_fn(activation: string): Activation {
  if (activation === "relu") return F.relu as Activation;
  if (activation === "gelu") return F.gelu as Activation;
  throw new RuntimeError(`activation should be relu/gelu, not ${activation}`);
}

/** _generate_square_subsequent_mask(sz, device = None, dtype = None): -inf above the diagonal, 0 elsewhere. */
export function _generate_square_subsequent_mask(sz: number, device: DeviceLike | null = null, dtype: dtypes.dtype | null = null): Tensor {
  return (aten.triu as (...a: unknown[]) => Tensor)(full([sz, sz], -Infinity, { dtype: dtype ?? undefined, device: device ?? undefined }), 1);
}

/** _get_seq_len(src, batch_first) (2.x) */
function seqLen(src: Tensor, batch_first: boolean): number {
  const size = src.shape;
  return size.length === 2 ? size[0] : size[batch_first ? 1 : 0];
}

/** _detect_is_causal_mask(mask, is_causal = None, size = None) (2.x): whether the mask is the causal one. */
export function _detect_is_causal_mask(mask: Opt, is_causal: boolean | null = null, size: number | null = null): boolean {
  let make_causal = is_causal === true;
  if (is_causal === null && mask !== null) {
    const sz = size ?? mask.size(-2);
    const causal = _generate_square_subsequent_mask(sz, mask.device, mask.dtype);
    make_causal = mask.shape.length === causal.shape.length && mask.shape.every((s, i) => s === causal.shape[i]) ? Boolean(mask.eq(causal).all().item()) : false;
  }
  return make_causal;
}

const factoryOf = (device: unknown, dtype: unknown) => ({ device, dtype });
const layerNorm = (d_model: number, eps: number, bias: boolean, factory: object) => new LayerNorm(d_model, { eps, ...(BIAS ? { bias } : {}), ...factory });
const LAYER_SPEC = `d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-05, batch_first=False, norm_first=False, ${BIAS ? "bias=True, " : ""}device=None, dtype=None`;
type LayerArgs = [number, number, number, number, string | Activation, number, boolean, boolean, boolean, unknown, unknown];
function bindLayer(name: string, args: unknown[]): LayerArgs {
  const bound = binder(name, LAYER_SPEC)(args);
  if (!BIAS) bound.splice(8, 0, true);
  return bound as LayerArgs;
}

// ---- layers -----------------------------------------------------------------------------

/**
 * nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward = 2048, dropout = 0.1, activation = F.relu,
 * layer_norm_eps = 1e-5, batch_first = False, norm_first = False, bias = True (2.1)): self-attention and a feed-forward block.
 * @example const layer = new nn.TransformerEncoderLayer(512, 8); const out = layer(src);
 */
export class TransformerEncoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare activation_relu_or_gelu: number;
  declare activation: Activation;

  constructor(...args: unknown[]) {
    super();
    const [d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first, bias, device, dtype] = bindLayer("TransformerEncoderLayer", args);
    const factory = factoryOf(device, dtype);
    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout, ...(BIAS ? { bias } : {}), batch_first, ...factory });
    this.linear1 = new Linear(d_model, dim_feedforward, { bias, ...factory });
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(dim_feedforward, d_model, { bias, ...factory });
    this.norm_first = norm_first;
    this.norm1 = layerNorm(d_model, layer_norm_eps, bias, factory);
    this.norm2 = layerNorm(d_model, layer_norm_eps, bias, factory);
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
    const act = typeof activation === "string" ? _get_activation_fn(activation) : activation;
    this.activation_relu_or_gelu = act === F.relu || act instanceof ReLU ? 1 : act === F.gelu || act instanceof GELU ? 2 : 0;
    this.activation = act;
  }

  forward(...args: unknown[]): Tensor {
    const bound = binder("forward", `src: Tensor, src_mask=None, src_key_padding_mask=None${V2 ? ", is_causal=False" : ""}`)(args);
    const src = bound[0] as Tensor;
    let [src_mask, src_key_padding_mask] = bound.slice(1, 3) as [Opt, Opt];
    const is_causal = Boolean(bound[3]);
    if (V2) {
      src_key_padding_mask = M._canonical_mask(src_key_padding_mask, "src_key_padding_mask", M._none_or_dtype(src_mask), "src_mask", src.dtype);
      src_mask = M._canonical_mask(src_mask, "src_mask", null, "", src.dtype, false);
    } else M.checkKpmDtype(src_key_padding_mask);
    if (this.fastPathHolds(src, src_mask)) {
      const sa = this.self_attn;
      const [mask, mask_type] = V2 ? sa.merge_masks(src_mask, src_key_padding_mask, src) : [src_mask ?? src_key_padding_mask, src_key_padding_mask !== null ? 1 : src_mask !== null ? 0 : null];
      return transformerEncoderLayerFwd(src, sa.embed_dim, sa.num_heads, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias,
        this.activation_relu_or_gelu === 2, this.norm_first, this.norm1.eps, this.norm1.weight, this.norm1.bias, this.norm2.weight, this.norm2.bias,
        this.linear1.weight, this.linear1.bias, this.linear2.weight, this.linear2.bias, mask, mask_type);
    }
    let x = src;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), src_mask, src_key_padding_mask, is_causal));
      x = x.add(this._ff_block(this.norm2(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, src_mask, src_key_padding_mask, is_causal)));
      x = this.norm2(x.add(this._ff_block(x)));
    }
    return x;
  }

  // PyTorch's conditions for torch._transformer_encoder_layer_fwd.
  private fastPathHolds(src: Tensor, src_mask: Opt): boolean {
    const sa = this.self_attn;
    if (src.dim() !== 3 || this.training || !sa.batch_first) return false;
    if (V2 && sa.in_proj_bias === null) return false;
    if (!sa._qkv_same_embed_dim || !this.activation_relu_or_gelu || this.norm1.eps !== this.norm2.eps) return false;
    if (!V2 && src_mask !== null) return false;
    if (sa.num_heads % 2 === 1) return false;
    if (V2 && [...this.modules()].some((m) => m._forward_hooks.size + m._forward_pre_hooks.size > 0)) return false;
    const tensors = [src, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias, this.norm1.weight, this.norm1.bias,
      this.norm2.weight, this.norm2.bias, this.linear1.weight, this.linear1.bias, this.linear2.weight, this.linear2.bias];
    return !(is_grad_enabled() && tensors.some((t) => t !== null && t.requires_grad));
  }

  _sa_block(x: Tensor, attn_mask: Opt, key_padding_mask: Opt, is_causal = false): Tensor {
    const [out] = this.self_attn(x, x, x, { attn_mask, key_padding_mask, need_weights: false, ...(V2 ? { is_causal } : {}) }) as M.MhaResult;
    return this.dropout1(out);
  }

  _ff_block(x: Tensor): Tensor {
    return this.dropout2(this.linear2(this.dropout(this.activation(this.linear1(x)))));
  }
}

/**
 * nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward = 2048, dropout = 0.1, activation = F.relu,
 * layer_norm_eps = 1e-5, batch_first = False, norm_first = False, bias = True (2.1)): self-attention,
 * attention over the memory, and a feed-forward block.
 */
export class TransformerDecoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare multihead_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  declare activation: Activation;

  constructor(...args: unknown[]) {
    super();
    const [d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first, bias, device, dtype] = bindLayer("TransformerDecoderLayer", args);
    const factory = factoryOf(device, dtype);
    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout, batch_first, ...(BIAS ? { bias } : {}), ...factory });
    this.multihead_attn = new MultiheadAttention(d_model, nhead, { dropout, batch_first, ...(BIAS ? { bias } : {}), ...factory });
    this.linear1 = new Linear(d_model, dim_feedforward, { bias, ...factory });
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(dim_feedforward, d_model, { bias, ...factory });
    this.norm_first = norm_first;
    this.norm1 = layerNorm(d_model, layer_norm_eps, bias, factory);
    this.norm2 = layerNorm(d_model, layer_norm_eps, bias, factory);
    this.norm3 = layerNorm(d_model, layer_norm_eps, bias, factory);
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
    this.dropout3 = new Dropout(dropout);
    this.activation = typeof activation === "string" ? _get_activation_fn(activation) : activation;
  }

  forward(...args: unknown[]): Tensor {
    const spec = `tgt: Tensor, memory: Tensor, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None${V2 ? ", tgt_is_causal=False, memory_is_causal=False" : ""}`;
    const [tgt, memory, tgt_mask, memory_mask, tgt_kpm, memory_kpm, tgt_is_causal = false, memory_is_causal = false] =
      binder("forward", spec)(args) as [Tensor, Tensor, Opt, Opt, Opt, Opt, boolean?, boolean?];
    let x = tgt;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), tgt_mask, tgt_kpm, tgt_is_causal));
      x = x.add(this._mha_block(this.norm2(x), memory, memory_mask, memory_kpm, memory_is_causal));
      x = x.add(this._ff_block(this.norm3(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, tgt_mask, tgt_kpm, tgt_is_causal)));
      x = this.norm2(x.add(this._mha_block(x, memory, memory_mask, memory_kpm, memory_is_causal)));
      x = this.norm3(x.add(this._ff_block(x)));
    }
    return x;
  }

  _sa_block(x: Tensor, attn_mask: Opt, key_padding_mask: Opt, is_causal = false): Tensor {
    const [out] = this.self_attn(x, x, x, { attn_mask, key_padding_mask, ...(V2 ? { is_causal } : {}), need_weights: false }) as M.MhaResult;
    return this.dropout1(out);
  }

  _mha_block(x: Tensor, mem: Tensor, attn_mask: Opt, key_padding_mask: Opt, is_causal = false): Tensor {
    const [out] = this.multihead_attn(x, mem, mem, { attn_mask, key_padding_mask, ...(V2 ? { is_causal } : {}), need_weights: false }) as M.MhaResult;
    return this.dropout2(out);
  }

  _ff_block(x: Tensor): Tensor {
    return this.dropout3(this.linear2(this.dropout(this.activation(this.linear1(x)))));
  }
}

// ---- stacks -----------------------------------------------------------------------------

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, "UserWarning");
}

/** nn.TransformerEncoder(encoder_layer, num_layers, norm = None, enable_nested_tensor = True, mask_check = True): num_layers deep copies of the layer. */
export class TransformerEncoder extends Module {
  declare layers: ModuleList;
  declare num_layers: number;
  declare norm: Module | null;
  declare enable_nested_tensor: boolean;
  declare use_nested_tensor: boolean;
  declare mask_check: boolean;

  constructor(...args: unknown[]) {
    super();
    const [encoder_layer, num_layers, norm, enable_nested_tensor, mask_check] =
      binder("TransformerEncoder", "encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True")(args) as [TransformerEncoderLayer, number, Module | null, boolean, boolean];
    this.layers = _get_clones(encoder_layer, num_layers);
    this.num_layers = num_layers;
    this.norm = norm;
    this.enable_nested_tensor = enable_nested_tensor;
    if (V2) this.use_nested_tensor = enable_nested_tensor;
    this.mask_check = mask_check;
    if (V2) {
      const why = whyNotNested(encoder_layer);
      if (enable_nested_tensor && why) {
        warnOnce(`enable_nested_tensor is True, but self.use_nested_tensor is False because ${why}`);
        this.use_nested_tensor = false;
      }
    }
  }

  forward(...args: unknown[]): Tensor {
    const bound = binder("forward", `src: Tensor, mask=None, src_key_padding_mask=None${V2 ? ", is_causal=None" : ""}`)(args);
    const src = bound[0] as Tensor;
    let [mask, src_key_padding_mask] = bound.slice(1, 3) as [Opt, Opt];
    if (V2) {
      src_key_padding_mask = M._canonical_mask(src_key_padding_mask, "src_key_padding_mask", M._none_or_dtype(mask), "mask", src.dtype);
      mask = M._canonical_mask(mask, "mask", null, "", src.dtype, false);
    } else M.checkKpmDtype(src_key_padding_mask);
    const first = this.layers.at(0) as TransformerEncoderLayer;
    let output = src, kpmForLayers = src_key_padding_mask;
    // Where the layers' fast path holds and a padding mask is given, PyTorch runs them on a nested tensor of the unpadded rows.
    const nested = src_key_padding_mask !== null && this.nestedPathHolds(src, first, src_key_padding_mask, mask);
    if (nested) {
      output = nestedFromMask(src, src_key_padding_mask!.logical_not(), false);
      kpmForLayers = null;
    }
    const is_causal = V2 ? _detect_is_causal_mask(mask, bound[3] as boolean | null, seqLen(src, first.self_attn.batch_first)) : false;
    for (const mod of this.layers) {
      output = mod(output, { src_mask: mask, ...(V2 ? { is_causal } : {}), src_key_padding_mask: kpmForLayers }) as Tensor;
    }
    if (nested) output = V2 ? output.to_padded_tensor(0.0, src.size()) : output.to_padded_tensor(0.0);
    return this.norm !== null ? (this.norm(output) as Tensor) : output;
  }

  // TransformerEncoder.forward's conditions for converting to a nested tensor (1.13 checks the first layer here, 2.x in __init__).
  private nestedPathHolds(src: Tensor, first: TransformerEncoderLayer, kpm: Tensor, mask: Opt): boolean {
    if (V2 ? !this.use_nested_tensor : whyNotNested(first) !== "" || !this.enable_nested_tensor) return false;
    if (first.training || src.dim() !== 3) return false;
    if (this.mask_check && !leftAligned(src, kpm.logical_not())) return false;
    if (mask !== null) return false;
    const sa = first.self_attn;
    const tensors = [src, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias, first.norm1.weight, first.norm1.bias,
      first.norm2.weight, first.norm2.bias, first.linear1.weight, first.linear1.bias, first.linear2.weight, first.linear2.bias];
    return !(is_grad_enabled() && tensors.some((t) => t !== null && t.requires_grad));
  }
}

// TransformerEncoder.__init__'s reasons (2.x) not to use nested tensors.
function whyNotNested(layer: Module): string {
  const e = "encoder_layer";
  if (!(layer instanceof TransformerEncoderLayer)) return `${e} was not TransformerEncoderLayer`;
  if (layer.norm_first) return `${e}.norm_first was True`;
  if (!layer.self_attn.batch_first) return `${e}.self_attn.batch_first was not True(use batch_first for better inference performance)`;
  if (!layer.self_attn._qkv_same_embed_dim) return `${e}.self_attn._qkv_same_embed_dim was not True`;
  if (layer.self_attn.in_proj_bias === null) return `${e}.self_attn was passed bias=False`;
  if (!layer.activation_relu_or_gelu) return `${e}.activation_relu_or_gelu was not True`;
  if (layer.norm1.eps !== layer.norm2.eps) return `${e}.norm1.eps was not equal to ${e}.norm2.eps`;
  if (layer.self_attn.num_heads % 2 === 1) return `${e}.self_attn.num_heads is odd`;
  return "";
}

/** nn.TransformerDecoder(decoder_layer, num_layers, norm = None): num_layers deep copies of the layer. */
export class TransformerDecoder extends Module {
  declare layers: ModuleList;
  declare num_layers: number;
  declare norm: Module | null;

  constructor(...args: unknown[]) {
    super();
    const [decoder_layer, num_layers, norm] = binder("TransformerDecoder", "decoder_layer, num_layers, norm=None")(args) as [Module, number, Module | null];
    this.layers = _get_clones(decoder_layer, num_layers);
    this.num_layers = num_layers;
    this.norm = norm;
  }

  forward(...args: unknown[]): Tensor {
    const spec = `tgt: Tensor, memory: Tensor, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None${V2 ? ", tgt_is_causal=None, memory_is_causal=False" : ""}`;
    const [tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, tgt_is_causal = null, memory_is_causal = false] =
      binder("forward", spec)(args) as [Tensor, Tensor, Opt, Opt, Opt, Opt, boolean | null, boolean];
    const first = this.layers.at(0) as TransformerDecoderLayer;
    const causal = V2 ? { tgt_is_causal: _detect_is_causal_mask(tgt_mask, tgt_is_causal, seqLen(tgt, first.self_attn.batch_first)), memory_is_causal } : {};
    let output = tgt;
    for (const mod of this.layers) {
      output = mod(output, memory, { tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, ...causal }) as Tensor;
    }
    return this.norm !== null ? (this.norm(output) as Tensor) : output;
  }
}

/**
 * nn.Transformer(d_model = 512, nhead = 8, num_encoder_layers = 6, num_decoder_layers = 6, dim_feedforward = 2048,
 * dropout = 0.1, activation = F.relu, custom_encoder = None, custom_decoder = None, layer_norm_eps = 1e-5,
 * batch_first = False, norm_first = False, bias = True (2.1)): an encoder and a decoder stack.
 * @example const model = new nn.Transformer({ d_model: 16, nhead: 2 }); const out = model(src, tgt);
 */
export class Transformer extends Module {
  declare encoder: Module;
  declare decoder: Module;
  declare d_model: number;
  declare nhead: number;
  declare batch_first: boolean;

  constructor(...args: unknown[]) {
    super();
    const spec = "d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, dropout=0.1, activation='relu', " +
      `custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False, ${BIAS ? "bias=True, " : ""}device=None, dtype=None`;
    const bound = binder("Transformer", spec)(args);
    if (!BIAS) bound.splice(12, 0, true);
    const [d_model, nhead, num_enc, num_dec, dim_ff, dropout, activation, custom_encoder, custom_decoder, eps, batch_first, norm_first, bias, device, dtype] =
      bound as [number, number, number, number, number, number, unknown, Module | null, Module | null, number, boolean, boolean, boolean, unknown, unknown];
    const factory = factoryOf(device, dtype);
    const layerArgs = [d_model, nhead, dim_ff, dropout, activation, eps, batch_first, norm_first, ...(BIAS ? [bias] : []), factory];
    this.encoder = custom_encoder ?? new TransformerEncoder(new TransformerEncoderLayer(...layerArgs), num_enc, layerNorm(d_model, eps, bias, factory));
    this.decoder = custom_decoder ?? new TransformerDecoder(new TransformerDecoderLayer(...layerArgs), num_dec, layerNorm(d_model, eps, bias, factory));
    this._reset_parameters();
    this.d_model = d_model;
    this.nhead = nhead;
    this.batch_first = batch_first;
  }

  forward(...args: unknown[]): Tensor {
    const spec = "src: Tensor, tgt: Tensor, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None" +
      (V2 ? ", src_is_causal=None, tgt_is_causal=None, memory_is_causal=False" : "");
    const [src, tgt, src_mask, tgt_mask, memory_mask, src_kpm, tgt_kpm, memory_kpm, src_is_causal, tgt_is_causal, memory_is_causal] = binder("forward", spec)(args) as Tensor[];
    const is_batched = src.dim() === 3;
    if (is_batched && src.size(this.batch_first ? 0 : 1) !== tgt.size(this.batch_first ? 0 : 1)) throw new RuntimeError("the batch number of src and tgt must be equal");
    if (src.size(-1) !== this.d_model || tgt.size(-1) !== this.d_model) throw new RuntimeError("the feature number of src and tgt must be equal to d_model");
    const memory = this.encoder(src, { mask: src_mask, src_key_padding_mask: src_kpm, ...(V2 ? { is_causal: src_is_causal } : {}) }) as Tensor;
    return this.decoder(tgt, memory, {
      tgt_mask, memory_mask, tgt_key_padding_mask: tgt_kpm, memory_key_padding_mask: memory_kpm, ...(V2 ? { tgt_is_causal, memory_is_causal } : {}),
    }) as Tensor;
  }

  /** Transformer.generate_square_subsequent_mask(sz, device = None, dtype = None): the causal mask, -inf above the diagonal. */
  static generate_square_subsequent_mask(sz: number, device: DeviceLike | null = null, dtype: dtypes.dtype | null = null): Tensor {
    return _generate_square_subsequent_mask(sz, device, dtype);
  }

  _reset_parameters(): void {
    for (const p of this.parameters()) if (p.dim() > 1) xavier_uniform_(p);
  }
}
