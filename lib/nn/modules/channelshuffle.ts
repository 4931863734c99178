/** torch/nn/modules/channelshuffle.py: ChannelShuffle. */
import { binder } from "../../_pydef";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "./module";

/** nn.ChannelShuffle(groups): (N, g·C, *) with its channels interleaved group by group. */
export class ChannelShuffle extends Module {
  declare groups: number;
  constructor(...args: unknown[]) {
    super();
    [this.groups] = binder("ChannelShuffle", "groups")(args) as [number];
  }
  forward(input: Tensor): Tensor {
    return F.channel_shuffle(input, this.groups);
  }
  extra_repr(): string {
    return `groups=${this.groups}`;
  }
}
