# A CUDA build of PyTorch from pip keeps the CUDA runtime in its nvidia-*
# wheels (site-packages/nvidia/<cu13|cuda_runtime>/{include,lib}) and ships no
# nvcc, while Caffe2's public/cuda.cmake wants a whole toolkit with nvcc and
# stops find_package(Torch) without one. torchnode compiles no CUDA code: it
# needs the runtime's headers and library only, the very ones the wheel was
# built with (a system toolkit of another version would be refused by
# cuda.cmake anyway). cuda.cmake returns at once when the target torch::cudart
# exists, so this file defines it from the wheels before find_package(Torch).
#
# Used only for a libtorch inside site-packages (Torch_DIR is
# <site-packages>/torch/share/cmake/Torch); any other keeps cuda.cmake's own
# search of the system's toolkit.
if(TARGET torch::cudart OR NOT Torch_DIR)
  return()
endif()
get_filename_component(_tn_site "${Torch_DIR}/../../../.." ABSOLUTE)
file(GLOB _tn_headers "${_tn_site}/nvidia/*/include/cuda_runtime_api.h")
if(NOT _tn_headers)
  return()
endif()
list(GET _tn_headers 0 _tn_header)
get_filename_component(_tn_include "${_tn_header}" DIRECTORY)
get_filename_component(_tn_root "${_tn_include}" DIRECTORY)
file(GLOB _tn_cudart "${_tn_root}/lib/libcudart.so.*")
if(NOT _tn_cudart)
  return()
endif()
list(GET _tn_cudart 0 _tn_cudart)
# cuda_runtime.h (which c10/cuda includes) needs crt/, shipped apart in nvidia-cuda-crt.
if(NOT EXISTS "${_tn_include}/crt/host_config.h")
  message(FATAL_ERROR "torchnode: the CUDA headers of PyTorch's wheels (${_tn_include}) lack crt/host_config.h. "
    "Install the nvidia-cuda-crt wheel of the same version as nvidia-cuda-runtime (pip install nvidia-cuda-crt==<that version>), "
    "or build against a CPU libtorch.")
endif()
add_library(torch::cudart INTERFACE IMPORTED)
set_target_properties(torch::cudart PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${_tn_include}"
  INTERFACE_LINK_LIBRARIES "${_tn_cudart}")
message(STATUS "torchnode: the CUDA runtime of PyTorch's wheels (${_tn_root}), no CUDA toolkit needed")
