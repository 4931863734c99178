/** torch.nn.utils: gradient clipping and parameter/vector conversion. */
export { clip_grad_norm_, clip_grad_norm, clip_grad_value_, get_total_norm, clip_grads_with_norm_ } from "./clip_grad";
export type { TensorOrTensors, ClipGradNormOptions, TotalNormOptions } from "./clip_grad";
export { parameters_to_vector, vector_to_parameters } from "./convert_parameters";
export * as rnn from "./rnn";
export { weight_norm, remove_weight_norm, WeightNorm } from "./weight_norm";
export { spectral_norm, remove_spectral_norm, SpectralNorm } from "./spectral_norm";
export { fuse_conv_bn_eval, fuse_conv_bn_weights, fuse_linear_bn_eval, fuse_linear_bn_weights } from "./fusion";
export { convert_conv2d_weight_memory_format, convert_conv3d_weight_memory_format } from "./memory_format";
export { skip_init } from "./init";
