/** torch.nn.utils.memory_format (torch/nn/utils/memory_format.py): Conv2d weights in another memory format. */
import type { memory_format } from "../../layout";
import type { Tensor } from "../../tensor";
import { Module } from "../modules/module";
import { Conv2d, ConvTranspose2d } from "../modules/conv";

/**
 * nn.utils.convert_conv2d_weight_memory_format(module, memory_format): every Conv2d / ConvTranspose2d weight in
 * module (recursively) laid out in memory_format (e.g. channels_last), in place.
 * https://pytorch.org/docs/stable/generated/torch.nn.utils.convert_conv2d_weight_memory_format.html
 */
export function convert_conv2d_weight_memory_format<M extends Module>(module: M, memory_format: memory_format): M {
  if (module instanceof Conv2d || module instanceof ConvTranspose2d) {
    const weight = (module as unknown as { weight: Tensor }).weight;
    const data = (weight.detach().clone as (o: object) => Tensor).call(weight.detach(), { memory_format });
    (weight as unknown as { _set_data(t: Tensor): void })._set_data(data);
  }
  for (const child of module.children()) convert_conv2d_weight_memory_format(child, memory_format);
  return module;
}
