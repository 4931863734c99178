/** torch.nn.utils.memory_format (torch/nn/utils/memory_format.py): Conv2d and Conv3d weights in another memory format. */
import type { memory_format } from "../../layout";
import type { Tensor } from "../../tensor";
import { NotImplementedError } from "../../errors";
import { libtorch_version, torchAtLeast } from "../../version";
import { Module } from "../modules/module";
import { Conv2d, Conv3d, ConvTranspose2d, ConvTranspose3d } from "../modules/conv";

/** The weights of the modules of `classes` in module (recursively) laid out in memory_format, in place. */
function convertWeights<M extends Module>(module: M, memory_format: memory_format, classes: (abstract new (...a: never[]) => Module)[]): M {
  if (classes.some((cls) => module instanceof cls)) {
    const weight = (module as unknown as { weight: Tensor }).weight;
    // weight.data = weight.detach().clone(memory_format=...); the 3d version's resize_ to its own size in that format changes nothing more.
    const data = (weight.detach().clone as (o: object) => Tensor).call(weight.detach(), { memory_format });
    (weight as unknown as { _set_data(t: Tensor): void })._set_data(data);
  }
  for (const child of module.children()) convertWeights(child, memory_format, classes);
  return module;
}

/**
 * nn.utils.convert_conv2d_weight_memory_format(module, memory_format): every Conv2d / ConvTranspose2d weight in
 * module (recursively) laid out in memory_format (e.g. channels_last), in place.
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.convert_conv2d_weight_memory_format.html
 */
export function convert_conv2d_weight_memory_format<M extends Module>(module: M, memory_format: memory_format): M {
  return convertWeights(module, memory_format, [Conv2d, ConvTranspose2d]);
}

/**
 * nn.utils.convert_conv3d_weight_memory_format(module, memory_format) (PyTorch 2.x): every Conv3d /
 * ConvTranspose3d weight in module (recursively) laid out in memory_format (e.g. channels_last_3d), in place.
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.convert_conv3d_weight_memory_format.html
 */
export function convert_conv3d_weight_memory_format<M extends Module>(module: M, memory_format: memory_format): M {
  if (!torchAtLeast(2)) throw new NotImplementedError(`nn.utils.convert_conv3d_weight_memory_format is not in PyTorch ${libtorch_version} (PyTorch 2.x has it)`);
  return convertWeights(module, memory_format, [Conv3d, ConvTranspose3d]);
}
