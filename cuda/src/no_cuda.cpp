// Linked when the build has no CUDA backend (nvcc not found or HEADROOM_BUILD_CUDA=OFF).
#include "stream.hpp"

namespace hrs {
bool cuda_backend_built() { return false; }
std::unique_ptr<Backend> make_cuda_backend(std::string* why) {
    if (why) *why = "this build has no CUDA backend (nvcc was not found when it was configured, or HEADROOM_BUILD_CUDA was OFF)";
    return nullptr;
}
}  // namespace hrs
