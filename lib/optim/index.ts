/** torch.optim */
import * as lr_scheduler from "./lr_scheduler";

export { Optimizer, required } from "./optimizer";
export type { ParamGroup, Params, OptimizerStateDict } from "./optimizer";
export { SGD } from "./sgd";
export type { SGDOptions } from "./sgd";
export { Adam, AdamW } from "./adam";
export type { AdamOptions } from "./adam";
export { lr_scheduler };
