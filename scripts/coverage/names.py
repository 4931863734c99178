"""The public names of the running PyTorch's `torch` and `torch.Tensor`, each
with the kind scripts/coverage/coverage.ts counts it under (JSON on stdout).

Left out of the denominators, and printed as such: submodules (torch.nn,
torch.cuda… are measured by their own pages), classes that only exist for
Python (legacy typed-tensor and storage classes, torch.Tensor subclass
machinery), and the families torchnode does not offer: TorchScript/JIT and
torch.compile, quantization, sparse layouts, named tensors and complex
views. Everything else is a name a training script can call.
"""
import inspect
import json
import re
import types

import torch

EXCLUDE = [
    ("jit", r"^(jit|compile|compiled_with_cxx11_abi|script|trace|is_grad_enabled_for_jit|ScriptModule|ScriptFunction|Future|fork|wait|_jit|export|onnx|fx|Graph|Node|Value|Block|Type|Argument|FunctionSchema|Aliasing|ErrorReport|CompilationUnit|ScriptClass|ScriptMethod|ScriptObject|ScriptDict|ScriptList|Code|ConcreteModuleType|FileCheck|DeserializationStorageContext|PyTorchFileReader|PyTorchFileWriter|ExecutionPlan|Gradient|GraphExecutorState|IODescriptor|InterfaceType|LiteScriptModule|LockingLogger|LoggerBase|NoopLogger|AggregationType|ThroughputBenchmark|StaticModule|BenchmarkConfig|BenchmarkExecutionStats|ParameterDict|AnyType|BoolType|ClassType|ComplexType|DeviceObjType|DictType|EnumType|FloatType|FunctionType|IntType|ListType|NoneType|NumberType|OptionalType|PyObjectType|RRefType|StreamObjType|StringType|SymIntType|SymBoolType|SymFloatType|TensorType|TupleType|UnionType|AwaitType|FutureType|InferredType|set_anomaly|import_ir_module|merge_type_from_type_comment|parse_ir|parse_schema|parse_type_comment|unify_type_list|vitals|read_vitals|set_vital|vmap|func|cond|while_loop|associative_scan|scan|export)"),
    ("quantization", r"(quant|^q_|^q[a-z]|^dequantize|^fbgemm|^per_channel|^per_tensor|qscheme|^int_repr|^is_quantized|^fake_)"),
    ("sparse", r"(sparse|^smm$|^sspaddmm$|^hspmm$|^spmm$|^dsmm$|^hsmm$|^saddmm$|_coalesced|^coalesce$|^indices$|^values$|^crow_indices|^col_indices|^ccol_indices|^row_indices|^to_dense|^to_mkldnn|^mkldnn|^dense_dim|^sparse_dim|^nnz$|^is_coalesced|^to_padded_tensor|^nested)"),
    ("named tensors", r"(^names$|^rename|^refine_names|^align_to|^align_as|^has_names|^align_tensors)"),
    ("complex views", r"(^view_as_real|^view_as_complex|^resolve_conj|^resolve_neg|^is_conj|^is_neg|^conj_physical)"),
]


def kind_of(name, value):
    if isinstance(value, types.ModuleType):
        return "submodule"
    for label, pattern in EXCLUDE:
        if re.search(pattern, name):
            return label
    if inspect.isclass(value):
        if re.search(r"(Storage|Tensor)$", name) or issubclass(value, (torch.Tensor,)):
            return "legacy class"
        return "class"
    if callable(value):
        return "function"
    if isinstance(value, (torch.dtype, torch.layout, torch.memory_format)):
        return "constant"
    return "attribute"


def names(obj):
    out = {}
    for name in dir(obj):
        if name.startswith("_"):
            continue
        try:
            value = getattr(obj, name)
        except Exception:  # noqa: BLE001 - a property that needs an instance
            value = None
        out[name] = kind_of(name, value)
    return out


def tensor_names():
    out = {}
    for name in dir(torch.Tensor):
        if name.startswith("_"):
            continue
        kind = "method"
        for label, pattern in EXCLUDE:
            if re.search(pattern, name):
                kind = label
                break
        out[name] = kind
    return out


# The training surface's namespaces: classes and functions a script calls.
# Left out: submodules (measured on their own), typing helpers and imported
# modules, Python-only plumbing (__torch_function__ dispatch, JIT helpers),
# lazy modules (their shapes are inferred by TorchScript-era machinery),
# quantized/sparse families, names defined elsewhere and re-exported, and
# utils.data's deprecated DataPipes.
NAMESPACES = {
    "torch.nn": "torch.nn",
    "torch.nn.functional": "torch.nn.functional",
    "torch.nn.init": "torch.nn.init",
    "torch.nn.utils": "torch.nn.utils",
    "torch.optim": "torch.optim",
    "torch.optim.lr_scheduler": "torch.optim.lr_scheduler",
    "torch.utils.data": "torch.utils.data",
}
PLUMBING = r"^(has_torch_function|has_torch_function_unary|has_torch_function_variadic|handle_torch_function|boolean_dispatch|assert_int_or_pair|Callable|Optional|Union|List|Tuple|Dict|Any|Iterable|Iterator|Sequence|TypeVar|Generic|TYPE_CHECKING|DType|Tensor|BroadcastingList[123]|overload|cast|deprecated|no_type_check|Enum|ScalingType|SwizzleType|T_co|T|T_dict|T_tuple|T_stack|factory_kwargs|Container|GRID_SAMPLE_INTERPOLATION_MODES|GRID_SAMPLE_PADDING_MODES|reproducibility_notes|sparse_support_notes|tf32_notes|ParamsT|StateDict|SupportsFloat|Literal|Self|Protocol|Mapping|Counter|defaultdict|partial|wraps|ref|inf|string_classes|int_classes|EPOCH_DEPRECATION_WARNING)$"


# torch.utils.data's DataPipes (torchdata's predecessor, deprecated since 2.x).
DATAPIPES = r"(DataPipe|^DataChunk$|^DataLoader2$|datapipe|^argument_validation$|^runtime_validation|^non_deterministic$)"


def namespace_names(module):
    import importlib
    mod = importlib.import_module(module)
    out = {}
    for name in dir(mod):
        if name.startswith("_"):
            continue
        value = getattr(mod, name, None)
        kind = kind_of(name, value)
        if kind == "submodule":
            out[name] = "submodule"
        elif re.search(PLUMBING, name) or getattr(value, "__module__", "") in ("typing", "typing_extensions", "collections", "functools", "weakref", "enum", "abc"):
            out[name] = "python plumbing"
        elif (inspect.isclass(value) and not str(getattr(value, "__module__", "")).startswith(module)) or (
                callable(value) and not str(getattr(value, "__module__", None) or "torch").startswith("torch")):
            out[name] = "re-export"  # lr_scheduler's Optimizer, bisect_right: defined elsewhere
        elif re.search(DATAPIPES, name):
            out[name] = "datapipes"
        elif name.startswith("Lazy") or name.startswith("Uninitialized"):
            out[name] = "lazy"
        elif kind in ("function", "class", "legacy class"):
            out[name] = "class" if inspect.isclass(value) else "function"
        else:
            out[name] = "python plumbing" if not callable(value) else "function"
    return out


print(json.dumps({"torch": torch.__version__.split("+")[0], "names": names(torch), "tensor": tensor_names(),
                  "namespaces": {label: namespace_names(m) for label, m in NAMESPACES.items()}}))
