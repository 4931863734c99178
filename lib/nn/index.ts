/** torch.nn */
import * as functional from "./functional";
import * as init from "./init";
import * as parallel from "./parallel";
import * as utils from "./utils";

export { Parameter, Buffer } from "./parameter";
export { Module, RemovableHandle, typename, stateDictMetadata } from "./modules/module";
export type { StateDict, IncompatibleKeys } from "./modules/module";
export { Linear, Bilinear, Identity } from "./modules/linear";
export {
  Threshold, ReLU, RReLU, Hardtanh, ReLU6, Sigmoid, Hardsigmoid, Tanh, SiLU, Mish, Hardswish, ELU, CELU, SELU, GLU, GELU,
  Hardshrink, LeakyReLU, LogSigmoid, Softplus, Softshrink, PReLU, Softsign, Tanhshrink, Softmin, Softmax, Softmax2d, LogSoftmax,
} from "./modules/activation";
export { Flatten, Unflatten } from "./modules/flatten";
export { Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout } from "./modules/dropout";
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from "./modules/conv";
export {
  MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d,
  AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d,
  LPPool1d, LPPool2d, LPPool3d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, FractionalMaxPool2d, FractionalMaxPool3d,
} from "./modules/pooling";
export { BatchNorm1d, BatchNorm2d, BatchNorm3d } from "./modules/batchnorm";
export { InstanceNorm1d, InstanceNorm2d, InstanceNorm3d } from "./modules/instancenorm";
export { LocalResponseNorm, LayerNorm, GroupNorm, RMSNorm } from "./modules/normalization";
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from "./modules/container";
export {
  L1Loss, NLLLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss, MSELoss, BCELoss, BCEWithLogitsLoss, HingeEmbeddingLoss,
  MultiLabelMarginLoss, SmoothL1Loss, HuberLoss, SoftMarginLoss, CrossEntropyLoss, MultiLabelSoftMarginLoss, CosineEmbeddingLoss,
  MarginRankingLoss, MultiMarginLoss, TripletMarginLoss, TripletMarginWithDistanceLoss, CTCLoss, NLLLoss2d, LinearCrossEntropyLoss,
} from "./modules/loss";
export {
  ConstantPad1d, ConstantPad2d, ConstantPad3d, ZeroPad1d, ZeroPad2d, ZeroPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
  ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, CircularPad1d, CircularPad2d, CircularPad3d,
} from "./modules/padding";
export { Embedding, EmbeddingBag } from "./modules/sparse";
export { PixelShuffle, PixelUnshuffle } from "./modules/pixelshuffle";
export { ChannelShuffle } from "./modules/channelshuffle";
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d } from "./modules/upsampling";
export { PairwiseDistance, CosineSimilarity } from "./modules/distance";
export { Fold, Unfold } from "./modules/fold";
export { MultiheadAttention, NonDynamicallyQuantizableLinear } from "./modules/multihead_attention";
export { RNNBase, RNN, LSTM, GRU, RNNCellBase, RNNCell, LSTMCell, GRUCell } from "./modules/rnn";
export type { LSTMState } from "./modules/rnn";
export { Transformer, TransformerEncoder, TransformerDecoder, TransformerEncoderLayer, TransformerDecoderLayer } from "./modules/transformer";
export { DataParallel } from "./modules/data_parallel";
export { AdaptiveLogSoftmaxWithLoss } from "./modules/adaptive";
export type { ASMOutput } from "./modules/adaptive";
export { functional, init, parallel, utils };
