// headroom-stream: a Llama-shaped decoder whose weights are streamed layer by layer into a ring
// of device slots, with the same scheduler on a CPU backend (reference) and a CUDA backend.
// Style after llm.c: every op has a CPU reference; validate first, then time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hrs {

// Bad input at the edge: names the option, exits 2.
struct ArgError {
    std::string option, message;
};

// The decoder's shape (llama.cpp names). n_layer may be cut below n_layer_model by --layers.
struct Shape {
    std::string id, source;  // source: "catalog" or the config.json path
    int n_layer = 0, n_layer_model = 0, n_embd = 0, n_ff = 0, n_head = 0, n_head_kv = 0, head_dim = 0,
        n_vocab = 0;
    float rope_theta = 10000.0f, norm_eps = 1e-5f;
    int q_dim() const { return n_head * head_dim; }
    int kv_dim() const { return n_head_kv * head_dim; }
};

// The one place that knows about headroom's core: a catalog id or a config.json -> Shape.
// Throws ArgError naming --model or --config. Rejects shapes this decoder cannot run (MoE, MLA).
Shape load_shape(const std::string& model_id, const std::string& config_path);
// Checks the Llama-shape constraints the kernels rely on (dims multiples of 32, GQA divides).
void validate_shape(const Shape& s, const std::string& option);

enum class Quant { f16, int8, int4 };
const char* to_string(Quant q);
constexpr int k_int4_group = 32;   // one f16 scale per 32 weights: one 16-byte load on the GPU

// A weight matrix inside a blob: row-major [rows][cols]; scales (f16) per row (int8) or per
// 32-element group (int4, two weights per byte, element 2k in the low nibble, stored q+8).
struct MatLayout {
    size_t data_off = 0, scale_off = 0, data_bytes = 0, scale_bytes = 0;
    int rows = 0, cols = 0;
};
struct LayerLayout {
    size_t attn_norm = 0, ffn_norm = 0;   // f16 [n_embd]
    MatLayout wq, wk, wv, wo, w_gate, w_up, w_down;
    size_t bytes = 0;
};
struct HeadLayout {
    size_t out_norm = 0;                  // f16 [n_embd]
    MatLayout lm_head;                    // [n_vocab][n_embd]
    size_t bytes = 0;
};

constexpr size_t k_blob_align = 4096;     // O_DIRECT and page alignment
constexpr size_t k_header_bytes = 4096;

// The weights file: a header page, then n_layer layer blobs, then the head blob (output norm +
// lm_head), each aligned to 4096 bytes. Blob b < n_layer is layer b; blob n_layer is the head.
struct Layout {
    Shape shape;
    Quant quant = Quant::f16;
    LayerLayout layer;
    HeadLayout head;
    size_t layer_stride = 0, head_stride = 0;
    int n_blobs() const { return shape.n_layer + 1; }
    size_t blob_offset(int b) const { return k_header_bytes + size_t(b) * layer_stride; }  // in the file
    size_t blob_bytes(int b) const { return b < shape.n_layer ? layer_stride : head_stride; }
    size_t slot_bytes() const { return layer_stride > head_stride ? layer_stride : head_stride; }
    size_t weights_bytes() const { return size_t(shape.n_layer) * layer_stride + head_stride; }
    size_t file_bytes() const { return k_header_bytes + weights_bytes(); }
};
Layout make_layout(const Shape& s, Quant q);

// Deterministic weights from a seed: blob b's content depends only on (seed, b, quant, shape
// widths), so a model cut to N layers holds the same first N layers and the same head.
void fill_blob(const Layout& L, uint64_t seed, int blob, uint8_t* out);
std::string header_text(const Layout& L, uint64_t seed);
// Writes the file unless one with the same header exists. Returns true when it was (re)written.
bool ensure_weights_file(const Layout& L, uint64_t seed, const std::string& path,
                         const std::function<void(int, int)>& progress = nullptr);
// Reads all blobs (without the header) into dst (weights_bytes()).
void read_weights(const Layout& L, const std::string& path, uint8_t* dst);
// Token embeddings (f16-rounded, as float) for a fixed token sequence; rope cos/sin table.
std::vector<int> token_sequence(const Shape& s, uint64_t seed, int n_tokens);
std::vector<float> embedding_rows(const Shape& s, uint64_t seed, const std::vector<int>& tokens);
std::vector<float> rope_table(const Shape& s, int n_ctx);   // [pos][head_dim/2][cos, sin]

// A matrix as the ops see it.
struct MatView {
    const void* data = nullptr;
    const uint16_t* scales = nullptr;
    int rows = 0, cols = 0;
    Quant quant = Quant::f16;
};

struct DeviceInfo {
    std::string name, driver_version, runtime_version, pci_bus_id;
    int64_t mem_bytes = 0;
    int cc_major = 0, cc_minor = 0, sm_count = 0;
};

constexpr int k_compute = 0, k_copy = 1;   // the two streams

// A backend: memory, two in-order streams with CUDA event semantics, and the ops. Every op is
// enqueued on the compute stream. The CPU backend runs each stream on a worker thread.
class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;
    virtual DeviceInfo info() const = 0;
    virtual void* dev_alloc(size_t bytes) = 0;            // throws std::bad_alloc-like runtime_error
    virtual void dev_free(void* p) = 0;
    virtual void* host_alloc_pinned(size_t bytes) = 0;    // page aligned
    virtual void host_free_pinned(void* p) = 0;
    virtual int event_create() = 0;
    virtual void record(int stream, int ev) = 0;          // ev completes when the stream reaches it
    virtual void wait(int stream, int ev) = 0;            // stream waits for ev's latest record
    virtual void host_wait(int ev) = 0;
    virtual bool query(int ev) = 0;
    virtual double elapsed_s(int ev_from, int ev_to) = 0;
    virtual void sync() = 0;
    virtual void copy_h2d(int stream, void* dst, const void* src, size_t n) = 0;
    virtual void copy_d2h(int stream, void* dst, const void* src, size_t n) = 0;
    virtual void copy_d2d(int stream, void* dst, const void* src, size_t n) = 0;

    // out = x / rms(x) * w
    virtual void rmsnorm(float* out, const float* x, const uint16_t* w, int n, float eps) = 0;
    // y = W x (accumulate: y += W x)
    virtual void matvec(float* y, const MatView& w, const float* x, bool accumulate) = 0;
    // rotate_half RoPE on n_head q heads and n_head_kv k heads; cs = [head_dim/2][cos, sin]
    virtual void rope(float* q, int n_head, float* k, int n_head_kv, int head_dim, const float* cs) = 0;
    // causal decode attention over positions [0, n_pos) of one layer's cache [pos][kv_dim]
    virtual void attention(float* out, const float* q, const float* k_cache, const float* v_cache,
                           int n_pos, int n_head, int n_head_kv, int head_dim) = 0;
    // g = silu(g) * u
    virtual void swiglu(float* g, const float* u, int n) = 0;
};

std::unique_ptr<Backend> make_cpu_backend();
// nullptr and *why set when no CUDA device can be used (or the build has no CUDA backend).
std::unique_ptr<Backend> make_cuda_backend(std::string* why);
bool cuda_backend_built();

}  // namespace hrs
