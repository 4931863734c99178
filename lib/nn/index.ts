/** torch.nn */
import * as functional from "./functional";
import * as init from "./init";
import * as parallel from "./parallel";

export { Parameter } from "./parameter";
export { Module, RemovableHandle, typename, stateDictMetadata } from "./modules/module";
export type { StateDict, IncompatibleKeys } from "./modules/module";
export { Linear, Identity } from "./modules/linear";
export { ReLU, Softmax, LogSoftmax } from "./modules/activation";
export { Flatten } from "./modules/flatten";
export { Dropout } from "./modules/dropout";
export { BatchNorm1d } from "./modules/batchnorm";
export { Sequential } from "./modules/container";
export { CrossEntropyLoss, NLLLoss, MSELoss, L1Loss } from "./modules/loss";
export { functional, init, parallel };
