// The CUDA backend: the same ops as cpu_backend.cpp (the reference), written as plain kernels;
// a compute stream and a copy stream; events order slot reuse. Activations and the KV cache are
// fp32, weights fp16 / int8 / int4 dequantized in registers, fp32 accumulation.
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "stream.hpp"

namespace hrs {
namespace {

std::string err_text(cudaError_t e) {
    return std::string(cudaGetErrorName(e)) + " (" + cudaGetErrorString(e) + ")";
}

void check(cudaError_t e, const char* what) {
    if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + err_text(e));
}
#define CK(x) check((x), #x)
#define CK_LAUNCH() check(cudaGetLastError(), "kernel launch")

constexpr int k_warps = 8;   // matvec: one warp per output row, 8 rows per block

__device__ __forceinline__ float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}
__device__ __forceinline__ float warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}
// All threads get the block's sum (or max). red: 32 floats of shared memory.
__device__ float block_reduce(float v, float* red, bool is_max) {
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, nw = (blockDim.x + 31) / 32;
    v = is_max ? warp_max(v) : warp_sum(v);
    __syncthreads();   // red may still be read from a previous reduction
    if (lane == 0) red[warp] = v;
    __syncthreads();
    if (warp == 0) {
        float r = lane < nw ? red[lane] : (is_max ? -INFINITY : 0.0f);
        r = is_max ? warp_max(r) : warp_sum(r);
        if (lane == 0) red[0] = r;
    }
    __syncthreads();
    return red[0];
}

__device__ __forceinline__ float h2f_bits(unsigned short b) { return __half2float(__ushort_as_half(b)); }

// Weights are read once per token: load them without polluting L1 (ld.global.nc).
__global__ void matvec_f16_kernel(float* __restrict__ y, const uint4* __restrict__ w, const float4* __restrict__ x,
                                  int rows, int cols, int accumulate) {
    const int row = blockIdx.x * k_warps + threadIdx.x / 32, lane = threadIdx.x % 32;
    if (row >= rows) return;
    const int n = cols / 8;   // 8 halves per 16-byte load
    const uint4* wr = w + size_t(row) * size_t(n);
    float s = 0.0f;
#pragma unroll 4
    for (int c = lane; c < n; c += 32) {
        uint4 p = __ldg(wr + c);
        const __half2* h = reinterpret_cast<const __half2*>(&p);
        float4 xa = x[2 * c], xb = x[2 * c + 1];
        float2 f0 = __half22float2(h[0]), f1 = __half22float2(h[1]), f2 = __half22float2(h[2]), f3 = __half22float2(h[3]);
        s += f0.x * xa.x + f0.y * xa.y + f1.x * xa.z + f1.y * xa.w + f2.x * xb.x + f2.y * xb.y + f3.x * xb.z + f3.y * xb.w;
    }
    s = warp_sum(s);
    if (lane == 0) y[row] = accumulate ? y[row] + s : s;
}

__global__ void matvec_int8_kernel(float* __restrict__ y, const uint4* __restrict__ w, const unsigned short* __restrict__ scales,
                                   const float4* __restrict__ x, int rows, int cols, int accumulate) {
    const int row = blockIdx.x * k_warps + threadIdx.x / 32, lane = threadIdx.x % 32;
    if (row >= rows) return;
    const int n = cols / 16;  // 16 int8 per load
    const uint4* wr = w + size_t(row) * size_t(n);
    float s = 0.0f;
#pragma unroll 4
    for (int c = lane; c < n; c += 32) {
        uint4 p = __ldg(wr + c);
        const char4* q = reinterpret_cast<const char4*>(&p);
#pragma unroll
        for (int k = 0; k < 4; ++k) {
            float4 xv = x[4 * c + k];
            s += float(q[k].x) * xv.x + float(q[k].y) * xv.y + float(q[k].z) * xv.z + float(q[k].w) * xv.w;
        }
    }
    s = warp_sum(s);
    if (lane == 0) {
        s *= h2f_bits(scales[row]);
        y[row] = accumulate ? y[row] + s : s;
    }
}

// One 16-byte load = one group of 32 weights = one scale.
__global__ void matvec_int4_kernel(float* __restrict__ y, const uint4* __restrict__ w, const unsigned short* __restrict__ scales,
                                   const float4* __restrict__ x, int rows, int cols, int accumulate) {
    const int row = blockIdx.x * k_warps + threadIdx.x / 32, lane = threadIdx.x % 32;
    if (row >= rows) return;
    const int n = cols / 32;
    const uint4* wr = w + size_t(row) * size_t(n);
    const unsigned short* sr = scales + size_t(row) * size_t(n);
    float s = 0.0f;
#pragma unroll 2
    for (int g = lane; g < n; g += 32) {
        uint4 p = __ldg(wr + g);
        const unsigned int* u = reinterpret_cast<const unsigned int*>(&p);
        float part = 0.0f;
#pragma unroll
        for (int k = 0; k < 4; ++k) {   // 4 words x 8 nibbles; element 2j in the low nibble of byte j
            unsigned int v = u[k];
            float4 xa = x[8 * g + 2 * k], xb = x[8 * g + 2 * k + 1];
            part += float(int(v & 15u) - 8) * xa.x + float(int((v >> 4) & 15u) - 8) * xa.y +
                    float(int((v >> 8) & 15u) - 8) * xa.z + float(int((v >> 12) & 15u) - 8) * xa.w +
                    float(int((v >> 16) & 15u) - 8) * xb.x + float(int((v >> 20) & 15u) - 8) * xb.y +
                    float(int((v >> 24) & 15u) - 8) * xb.z + float(int((v >> 28) & 15u) - 8) * xb.w;
        }
        s += part * h2f_bits(__ldg(sr + g));
    }
    s = warp_sum(s);
    if (lane == 0) y[row] = accumulate ? y[row] + s : s;
}

__global__ void rmsnorm_kernel(float* __restrict__ out, const float* __restrict__ x, const unsigned short* __restrict__ w,
                               int n, float eps) {
    __shared__ float red[32];
    float ss = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) ss += x[i] * x[i];
    ss = block_reduce(ss, red, false);
    const float r = rsqrtf(ss / float(n) + eps);
    for (int i = threadIdx.x; i < n; i += blockDim.x) out[i] = x[i] * r * h2f_bits(w[i]);
}

__global__ void rope_kernel(float* q, int n_head, float* k, int n_head_kv, int head_dim, const float* __restrict__ cs) {
    const int half = head_dim / 2, i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= (n_head + n_head_kv) * half) return;
    const int h = i / half, j = i % half;
    float* v = h < n_head ? q + size_t(h) * head_dim : k + size_t(h - n_head) * head_dim;
    const float c = cs[2 * j], s = cs[2 * j + 1], x0 = v[j], x1 = v[j + half];
    v[j] = x0 * c - x1 * s;
    v[j + half] = x0 * s + x1 * c;
}

// One block per query head; scores in dynamic shared memory [n_pos].
__global__ void attention_kernel(float* __restrict__ out, const float* __restrict__ q, const float* __restrict__ kc,
                                 const float* __restrict__ vc, int n_pos, int n_head, int n_head_kv, int head_dim) {
    extern __shared__ float p[];
    __shared__ float red[32];
    const int h = blockIdx.x, kvh = h / (n_head / n_head_kv), kv_dim = n_head_kv * head_dim;
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, nw = blockDim.x / 32;
    const float* qh = q + size_t(h) * head_dim;
    const float scale = 1.0f / sqrtf(float(head_dim));
    for (int t = warp; t < n_pos; t += nw) {
        const float* kt = kc + size_t(t) * kv_dim + size_t(kvh) * head_dim;
        float s = 0.0f;
        for (int d = lane; d < head_dim; d += 32) s += qh[d] * kt[d];
        s = warp_sum(s);
        if (lane == 0) p[t] = s * scale;
    }
    __syncthreads();
    float m = -INFINITY;
    for (int t = threadIdx.x; t < n_pos; t += blockDim.x) m = fmaxf(m, p[t]);
    m = block_reduce(m, red, true);
    float sum = 0.0f;
    for (int t = threadIdx.x; t < n_pos; t += blockDim.x) {
        float e = expf(p[t] - m);
        p[t] = e;
        sum += e;
    }
    sum = block_reduce(sum, red, false);   // its __syncthreads also publishes p[]
    for (int d = threadIdx.x; d < head_dim; d += blockDim.x) {
        float acc = 0.0f;
        const float* vd = vc + size_t(kvh) * head_dim + d;
        for (int t = 0; t < n_pos; ++t) acc += p[t] * vd[size_t(t) * kv_dim];
        out[size_t(h) * head_dim + d] = acc / sum;
    }
}

__global__ void swiglu_kernel(float* g, const float* __restrict__ u, int n) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) g[i] = g[i] / (1.0f + expf(-g[i])) * u[i];
}

class CudaBackend final : public Backend {
public:
    explicit CudaBackend(int device) : device_(device) {
        CK(cudaSetDevice(device));
        CK(cudaGetDeviceProperties(&prop_, device));
        CK(cudaStreamCreateWithFlags(&streams_[k_compute], cudaStreamNonBlocking));
        CK(cudaStreamCreateWithFlags(&streams_[k_copy], cudaStreamNonBlocking));
        max_smem_ = int(prop_.sharedMemPerBlockOptin) - 1024;
        CK(cudaFuncSetAttribute(attention_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, max_smem_));
    }
    ~CudaBackend() override {
        cudaDeviceSynchronize();
        for (cudaEvent_t e : events_) cudaEventDestroy(e);
        for (cudaStream_t s : streams_) cudaStreamDestroy(s);
    }
    std::string name() const override { return "cuda"; }
    DeviceInfo info() const override {
        DeviceInfo d;
        d.name = prop_.name;
        d.mem_bytes = int64_t(prop_.totalGlobalMem);
        d.cc_major = prop_.major;
        d.cc_minor = prop_.minor;
        d.sm_count = prop_.multiProcessorCount;
        int v = 0;
        if (cudaDriverGetVersion(&v) == cudaSuccess) d.driver_version = "CUDA " + std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10);
        if (cudaRuntimeGetVersion(&v) == cudaSuccess) d.runtime_version = std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10);
        char bus[32];
        std::snprintf(bus, sizeof bus, "%04x:%02x:%02x.0", unsigned(prop_.pciDomainID), unsigned(prop_.pciBusID), unsigned(prop_.pciDeviceID));
        d.pci_bus_id = bus;
        return d;
    }
    void* dev_alloc(size_t bytes) override {
        void* p = nullptr;
        cudaError_t e = cudaMalloc(&p, bytes);
        if (e != cudaSuccess) {
            cudaGetLastError();   // not sticky: clear it
            throw std::runtime_error("cudaMalloc(" + std::to_string(bytes) + "): " + err_text(e));
        }
        return p;
    }
    void dev_free(void* p) override { cudaFree(p); }
    void* host_alloc_pinned(size_t bytes) override {
        void* p = nullptr;
        cudaError_t e = cudaMallocHost(&p, bytes);
        if (e != cudaSuccess) {
            cudaGetLastError();
            throw std::runtime_error("cudaMallocHost(" + std::to_string(bytes) + "): " + err_text(e));
        }
        return p;
    }
    void host_free_pinned(void* p) override { cudaFreeHost(p); }
    int event_create() override {
        cudaEvent_t e;
        CK(cudaEventCreate(&e));
        events_.push_back(e);
        return int(events_.size() - 1);
    }
    void record(int stream, int ev) override { CK(cudaEventRecord(events_[size_t(ev)], streams_[stream])); }
    void wait(int stream, int ev) override { CK(cudaStreamWaitEvent(streams_[stream], events_[size_t(ev)], 0)); }
    void host_wait(int ev) override { CK(cudaEventSynchronize(events_[size_t(ev)])); }
    bool query(int ev) override {
        cudaError_t e = cudaEventQuery(events_[size_t(ev)]);
        if (e == cudaErrorNotReady) return false;
        CK(e);
        return true;
    }
    double elapsed_s(int a, int b) override {
        float ms = 0;
        CK(cudaEventElapsedTime(&ms, events_[size_t(a)], events_[size_t(b)]));
        return double(ms) / 1e3;
    }
    void sync() override {
        CK(cudaStreamSynchronize(streams_[k_copy]));
        CK(cudaStreamSynchronize(streams_[k_compute]));
    }
    void copy_h2d(int stream, void* dst, const void* src, size_t n) override {
        CK(cudaMemcpyAsync(dst, src, n, cudaMemcpyHostToDevice, streams_[stream]));
    }
    void copy_d2h(int stream, void* dst, const void* src, size_t n) override {
        CK(cudaMemcpyAsync(dst, src, n, cudaMemcpyDeviceToHost, streams_[stream]));
    }
    void copy_d2d(int stream, void* dst, const void* src, size_t n) override {
        CK(cudaMemcpyAsync(dst, src, n, cudaMemcpyDeviceToDevice, streams_[stream]));
    }

    void rmsnorm(float* out, const float* x, const uint16_t* w, int n, float eps) override {
        rmsnorm_kernel<<<1, 1024, 0, cs()>>>(out, x, reinterpret_cast<const unsigned short*>(w), n, eps);
        CK_LAUNCH();
    }
    void matvec(float* y, const MatView& m, const float* x, bool accumulate) override {
        const dim3 grid(unsigned((m.rows + k_warps - 1) / k_warps)), block(32 * k_warps);
        const float4* xv = reinterpret_cast<const float4*>(x);
        const uint4* w = static_cast<const uint4*>(m.data);
        const unsigned short* sc = reinterpret_cast<const unsigned short*>(m.scales);
        switch (m.quant) {
            case Quant::f16: matvec_f16_kernel<<<grid, block, 0, cs()>>>(y, w, xv, m.rows, m.cols, accumulate); break;
            case Quant::int8: matvec_int8_kernel<<<grid, block, 0, cs()>>>(y, w, sc, xv, m.rows, m.cols, accumulate); break;
            case Quant::int4: matvec_int4_kernel<<<grid, block, 0, cs()>>>(y, w, sc, xv, m.rows, m.cols, accumulate); break;
        }
        CK_LAUNCH();
    }
    void rope(float* q, int n_head, float* k, int n_head_kv, int head_dim, const float* c) override {
        const int n = (n_head + n_head_kv) * (head_dim / 2);
        rope_kernel<<<(n + 255) / 256, 256, 0, cs()>>>(q, n_head, k, n_head_kv, head_dim, c);
        CK_LAUNCH();
    }
    void attention(float* out, const float* q, const float* kc, const float* vc, int n_pos, int n_head, int n_head_kv,
                   int head_dim) override {
        const size_t smem = size_t(n_pos) * sizeof(float);
        if (smem > size_t(max_smem_))
            throw std::runtime_error("attention: " + std::to_string(n_pos) + " positions exceed this GPU's shared memory per block");
        attention_kernel<<<n_head, 128, smem, cs()>>>(out, q, kc, vc, n_pos, n_head, n_head_kv, head_dim);
        CK_LAUNCH();
    }
    void swiglu(float* g, const float* u, int n) override {
        swiglu_kernel<<<(n + 255) / 256, 256, 0, cs()>>>(g, u, n);
        CK_LAUNCH();
    }

private:
    cudaStream_t cs() const { return streams_[k_compute]; }
    int device_;
    cudaDeviceProp prop_{};
    cudaStream_t streams_[2] = {nullptr, nullptr};
    std::vector<cudaEvent_t> events_;
    int max_smem_ = 48 * 1024;
};

}  // namespace

bool cuda_backend_built() { return true; }

std::unique_ptr<Backend> make_cuda_backend(std::string* why) {
    int n = 0;
    cudaError_t e = cudaGetDeviceCount(&n);
    if (e != cudaSuccess) {
        if (why) *why = err_text(e);
        return nullptr;
    }
    if (n == 0) {
        if (why) *why = "cudaGetDeviceCount found no CUDA device";
        return nullptr;
    }
    try {
        return std::make_unique<CudaBackend>(0);
    } catch (const std::exception& ex) {
        if (why) *why = ex.what();
        return nullptr;
    }
}

}  // namespace hrs
