/** nn.AdaptiveLogSoftmaxWithLoss (torch/nn/modules/adaptive.py): Grave et al.'s adaptive softmax, a head and clustered tails. */
import { binder } from "../../_pydef";
import { RuntimeError, ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { argmax } from "../../_generated/torch";
import { torchAtLeast } from "../../version";
import * as F from "../functional";
import { ModuleList, Sequential } from "./container";
import { Linear } from "./linear";
import { Module } from "./module";

/** _ASMoutput: the named tuple [output, loss] that forward returns. */
export type ASMOutput = [Tensor, Tensor] & { output: Tensor; loss: Tensor };

const bind = binder("AdaptiveLogSoftmaxWithLoss", "in_features, n_classes, cutoffs, div_value=4.0, head_bias=False, device=None, dtype=None");

/** A RuntimeError as Python prints one raised with a message and a size: the tuple (1.13), or the f-string (2.x). */
function sizeError(message: string, size: Tensor["shape"]): RuntimeError {
  return new RuntimeError(torchAtLeast(2) ? `${message} ${size}` : `('${message}', ${size})`);
}

/**
 * nn.AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value = 4.0, head_bias = False): forward(input, target)
 * returns the named tuple [output, loss]; log_prob(input) the full log-probabilities; predict(input) the likeliest classes.
 */
export class AdaptiveLogSoftmaxWithLoss extends Module {
  declare in_features: number;
  declare n_classes: number;
  declare cutoffs: number[];
  declare div_value: number;
  declare head_bias: boolean;
  declare shortlist_size: number;
  declare n_clusters: number;
  declare head_size: number;
  declare head: Linear;
  declare tail: ModuleList;
  constructor(...args: unknown[]) {
    super();
    const [in_features, n_classes, cutoffsArg, div_value, head_bias, device, dtype] = bind(args) as [number, number, Iterable<number>, number, boolean, unknown, unknown];
    const factory = { device, dtype };
    const cutoffs = [...cutoffsArg];
    if (torchAtLeast(2) && cutoffs.length === 0) throw new ValueError("cutoffs should be a sequence of length larger than 0");
    const sorted = [...cutoffs].sort((a, b) => a - b);
    if (
      cutoffs.some((c, i) => c !== sorted[i]) || Math.min(...cutoffs) <= 0 || Math.max(...cutoffs) > n_classes - 1 ||
      new Set(cutoffs).size !== cutoffs.length || cutoffs.some((c) => !Number.isInteger(c))
    ) {
      throw new ValueError(
        "cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and n_classes-1",
      );
    }
    this.in_features = in_features;
    this.n_classes = n_classes;
    this.cutoffs = [...cutoffs, n_classes];
    this.div_value = div_value;
    this.head_bias = head_bias;
    this.shortlist_size = this.cutoffs[0];
    this.n_clusters = this.cutoffs.length - 1;
    this.head_size = this.shortlist_size + this.n_clusters;
    this.head = new Linear(this.in_features, this.head_size, { bias: this.head_bias, ...factory });
    this.tail = new ModuleList();
    for (let i = 0; i < this.n_clusters; i++) {
      const hsz = Math.floor(this.in_features / this.div_value ** (i + 1));
      const osz = this.cutoffs[i + 1] - this.cutoffs[i];
      this.tail.append(new Sequential(new Linear(this.in_features, hsz, { bias: false, ...factory }), new Linear(hsz, osz, { bias: false, ...factory })));
    }
  }

  reset_parameters(): void {
    this.head.reset_parameters();
    for (const projection of this.tail) for (const layer of (projection as Sequential).children()) (layer as Linear).reset_parameters();
  }

  forward(input_: Tensor, target_: Tensor): ASMOutput {
    const targDim = target_.dim();
    if (targDim === 1) {
      if (input_.size(0) !== target_.size(0)) throw new RuntimeError("Input and target should have the same size in the batch dimension.");
      if (input_.dim() !== 2) throw sizeError("1D target tensor expects 2D input tensors, but found inputs with size", input_.shape);
    } else if (targDim === 0) {
      if (input_.dim() !== 1) throw sizeError("0D target tensor expects 1D input tensors, but found inputs with size", input_.shape);
    } else throw new RuntimeError("0D or 1D target tensor expected, multi-target not supported");
    const isBatched = targDim > 0;
    const input = isBatched ? input_ : input_.unsqueeze(0);
    const target = isBatched ? target_ : target_.unsqueeze(0);
    let usedRows = 0;
    const batchSize = target.size(0);
    let output = input.new_zeros(batchSize);
    const gatherInds = target.new_empty(batchSize);
    const cutoffValues = [0, ...this.cutoffs];
    for (let i = 0; i < cutoffValues.length - 1; i++) {
      const low = cutoffValues[i], high = cutoffValues[i + 1];
      const mask = target.ge(low).bitwise_and(target.lt(high));
      const rows = mask.nonzero().squeeze();
      if (rows.numel() === 0) continue;
      if (i === 0) gatherInds.index_copy_(0, rows, target.index(mask));
      else {
        const relative = target.index(mask).sub(low);
        const subset = input.index_select(0, rows);
        const clusterOutput = (this.tail.at(i - 1) as Sequential)(subset) as Tensor;
        gatherInds.index_fill_(0, rows, this.shortlist_size + i - 1);
        const clusterLogprob = F.log_softmax(clusterOutput, { dim: 1 });
        const local = clusterLogprob.gather(1, relative.unsqueeze(1));
        output.index_copy_(0, rows, local.squeeze(1));
      }
      usedRows += rows.numel();
    }
    if (usedRows !== batchSize) {
      throw new RuntimeError(
        `Target values should be in [0, ${this.n_classes - 1}], but values in range [${target.min().item()}, ${target.max().item()}] were found. `,
      );
    }
    const headLogprob = F.log_softmax(this.head(input) as Tensor, { dim: 1 });
    output.add_(headLogprob.gather(1, gatherInds.unsqueeze(1)).squeeze());
    const loss = output.neg().mean();
    if (!isBatched) output = output.squeeze(0);
    return Object.assign([output, loss], { output, loss }) as ASMOutput;
  }

  _get_full_log_prob(input: Tensor, head_output: Tensor): Tensor {
    const out = input.new_empty([head_output.size(0), this.n_classes]);
    const headLogprob = F.log_softmax(head_output, { dim: 1 });
    out.index_put_([":", { stop: this.shortlist_size }], headLogprob.index(":", { stop: this.shortlist_size }));
    for (let i = 0; i + 1 < this.cutoffs.length; i++) {
      const clusterLogprob = F.log_softmax((this.tail.at(i) as Sequential)(input) as Tensor, { dim: 1 });
      const outputLogprob = clusterLogprob.add(headLogprob.index(":", this.shortlist_size + i).unsqueeze(1));
      out.index_put_([":", { start: this.cutoffs[i], stop: this.cutoffs[i + 1] }], outputLogprob);
    }
    return out;
  }

  /** log_prob(input): log-probabilities of every class, (N, n_classes). */
  log_prob(input: Tensor): Tensor {
    return this._get_full_log_prob(input, this.head(input) as Tensor);
  }

  /** predict(input): the class with the highest probability for each example. */
  predict(input: Tensor): Tensor {
    const headOutput = this.head(input) as Tensor;
    const output = argmax(headOutput, { dim: 1 });
    const notInShortlist = output.ge(this.shortlist_size);
    if (!notInShortlist.any().item()) return output;
    if (notInShortlist.all().item()) return argmax(this._get_full_log_prob(input, headOutput), { dim: 1 });
    const logProb = this._get_full_log_prob(input.index(notInShortlist), headOutput.index(notInShortlist));
    output.index_put_([notInShortlist], argmax(logProb, { dim: 1 }));
    return output;
  }
}
