/**
 * torchnode: PyTorch for Node.js. `import * as torch from "torchnode"` gives
 * the `torch` namespace with PyTorch's names.
 */
import "./native";
import * as __config__ from "./__config__";
import * as autograd from "./autograd";
import * as cuda from "./cuda";
import * as distributed from "./distributed";
import * as nn from "./nn";
import * as optim from "./optim";
import * as fft from "./_generated/fft";
import * as linalg from "./_generated/linalg";
import * as special from "./_generated/special";
import * as utils from "./utils";
import { installMethods } from "./_ops/install";
import { Tensor as TensorClass } from "./tensor";
import { decls, methodNames } from "./_generated/tensor_methods";

installMethods(TensorClass.prototype, methodNames, decls.Tensor);

export { Tensor, is_tensor } from "./tensor";
export type { Scalar, TensorOrScalar, Shape, IndexItem, GradFn } from "./tensor";
export { Size } from "./size";
export { set_printoptions } from "./tensor_str";
/** Python's format(value, spec) (f-string formatting); torchnode-only. */
export { pyFormat } from "./_pyformat";
export { device } from "./device";
export {
  dtype, uint8, int8, int16, int32, int64, float16, float32, float64, bfloat16, bool, complex32, complex64, complex128,
  float8_e5m2, float8_e4m3fn, float8_e5m2fnuz, float8_e4m3fnuz, uint16, uint32, uint64, float8_e8m0fnu, float4_e2m1fn_x2,
  half, float, double, short, int, long, chalf, cfloat, cdouble, get_default_dtype, set_default_dtype,
} from "./dtype";
export * from "./creation";
export * from "./ops";
export * from "./functional";
export { finfo, iinfo, e, pi, inf, nan } from "./finfo";
export * from "./_generated/torch";
export {
  layout, strided, sparse_coo, sparse_csr, sparse_csc, sparse_bsr, sparse_bsc,
  memory_format, contiguous_format, preserve_format, channels_last, channels_last_3d,
} from "./layout";
export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from "./autograd/grad_mode";
export { tidy, tidyEach, keep, dispose, liveTensors, cpuCacheStats, emptyCpuCache } from "./memory";
export type { CpuCacheStats } from "./memory";
export { save, load, PythonObject } from "./serialization";
export { Generator, get_rng_state, set_rng_state } from "./generator";
export { manual_seed, initial_seed, get_num_threads, set_num_threads, get_num_interop_threads } from "./random";
export {
  TorchError, RuntimeError, IndexError, KeyError, AssertionError, ValueError, NotImplementedError, TorchTypeError,
  OSError, FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError,
} from "./errors";
export { __config__, autograd, cuda, distributed, fft, linalg, nn, optim, special, utils };
export { version as __version__, libtorch_version } from "./version";
