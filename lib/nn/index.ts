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
export { Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout } from "./modules/dropout";
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from "./modules/conv";
export {
  MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d,
  AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d,
} from "./modules/pooling";
export { BatchNorm1d } from "./modules/batchnorm";
export { Sequential } from "./modules/container";
export { CrossEntropyLoss, NLLLoss, MSELoss, L1Loss } from "./modules/loss";
export { functional, init, parallel };
