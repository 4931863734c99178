/** torch.optim */
import * as lr_scheduler from "./lr_scheduler";

export { Optimizer, required } from "./optimizer";
export type { ParamGroup, Params, OptimizerStateDict } from "./optimizer";
export { SGD } from "./sgd";
export type { SGDOptions } from "./sgd";
export { Adam, AdamW } from "./adam";
export type { AdamOptions } from "./adam";
export { Adadelta } from "./adadelta";
export type { AdadeltaOptions } from "./adadelta";
export { Adagrad } from "./adagrad";
export type { AdagradOptions } from "./adagrad";
export { RMSprop } from "./rmsprop";
export type { RMSpropOptions } from "./rmsprop";
export { Adamax } from "./adamax";
export type { AdamaxOptions } from "./adamax";
export { NAdam } from "./nadam";
export type { NAdamOptions } from "./nadam";
export { RAdam } from "./radam";
export type { RAdamOptions } from "./radam";
export { ASGD } from "./asgd";
export type { ASGDOptions } from "./asgd";
export { Rprop } from "./rprop";
export type { RpropOptions } from "./rprop";
export { lr_scheduler };
