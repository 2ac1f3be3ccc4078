// medrobust's native shim over a running libtorch, loaded by org.medrobust.models.djl.TorchShim through
// java.lang.foreign (no JNI). DJL's PyTorch engine holds tensors as torch::Tensor* handles; this gives medrobust the
// device address of such a tensor's data (for the project's own CUDA selective scan), the stream PyTorch launches on,
// and the global numerics settings that DJL does not expose (deterministic algorithms, no TF32).
// Built on the GPU machine against the installed torch (scripts/gpu-campaign-check.sh), like DJL's JNI.
#include <ATen/ATen.h>
#include <ATen/Context.h>
#include <c10/cuda/CUDAStream.h>
#ifndef MEDROBUST_NO_MEMORY_STATS
#include <c10/cuda/CUDACachingAllocator.h>
#endif
#include <cstdint>

extern "C" {

// The data address of a contiguous float32 CUDA tensor; 0 if it is not one (the caller makes it contiguous first).
void* medrobust_cuda_data_ptr(void* handle) {
  try {
    const auto* t = static_cast<const at::Tensor*>(handle);
    if (!t->defined() || !t->is_cuda() || !t->is_contiguous() || t->scalar_type() != at::kFloat) {
      return nullptr;
    }
    return t->data_ptr();
  } catch (...) {
    return nullptr;
  }
}

// A new handle (torch::Tensor*, owned by the caller's DJL manager) of the tensor in contiguous layout; 0 on error.
void* medrobust_contiguous(void* handle) {
  try {
    const auto* t = static_cast<const at::Tensor*>(handle);
    return new at::Tensor(t->contiguous());
  } catch (...) {
    return nullptr;
  }
}

// The CUDA stream PyTorch currently launches on for the device (0 = the legacy default stream); -1 on error.
int64_t medrobust_current_stream(int device) {
  try {
    return reinterpret_cast<int64_t>(c10::cuda::getCurrentCUDAStream(device).stream());
  } catch (...) {
    return -1;
  }
}

// Deterministic algorithms (warn only where PyTorch has none), deterministic cuDNN, no cuDNN autotuning, and no TF32
// in convolutions and matrix products (true float32, as on the CPU). Returns 0, or -1 on error.
int medrobust_configure(int deterministic) {
  try {
    auto& ctx = at::globalContext();
    ctx.setDeterministicAlgorithms(deterministic != 0, true);
    ctx.setDeterministicCuDNN(deterministic != 0);
    ctx.setBenchmarkCuDNN(false);
#ifndef MEDROBUST_NO_TF32_SWITCH
    ctx.setAllowTF32CuDNN(false);
    ctx.setAllowTF32CuBLAS(false);
#endif
    return 0;
  } catch (...) {
    return -1;
  }
}

// Peak bytes allocated by PyTorch's caching allocator on the device since the last reset (reset = 1 resets it after
// reading); -1 where this build has no memory statistics.
int64_t medrobust_cuda_peak_allocated(int device, int reset) {
#ifndef MEDROBUST_NO_MEMORY_STATS
  try {
    auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(device));
    int64_t peak = stats.allocated_bytes[0].peak;  // [0]: the aggregate over pool types
    if (reset) {
      c10::cuda::CUDACachingAllocator::resetPeakStats(static_cast<c10::DeviceIndex>(device));
    }
    return peak;
  } catch (...) {
    return -1;
  }
#else
  return -1;
#endif
}

}  // extern "C"
