// headroom/catalog.hpp — the facts: models, devices, weight and KV-cache formats.
// Compiled from core/data/*.json at build time (scripts/gen_catalog.py); every entry carries its source.
#pragma once
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace headroom {

// The exact tensor bytes of a model file, read from its header (a GGUF file: docs/gguf.md): they replace the
// weight format's estimate. Grouped as the placement needs them.
struct FileWeights {
    std::string kind = "gguf";   // "gguf" (a GGUF header) or "safetensors" (a Hugging Face repository folder)
    bool bytes_estimated = false;   // safetensors: only the index was read (its total is exact, the split estimated)
    std::string file;            // the file's (or folder's) name as given (no directory)
    std::string file_type;       // llama.cpp's name for general.file_type ("Q4_K_M"); empty when absent or unknown
    std::string quant;           // the catalog weight format it is (file type, else the largest tensor type); "" none
    int64_t file_bytes = 0;      // the file's size (all shards)
    int64_t tensor_bytes = 0;    // every tensor's bytes, unpadded
    int64_t n_tensors = 0;
    int shards = 1;
    bool chat_template = false;
    int64_t token_embd = 0;      // input embeddings
    int64_t token_embd_lookup = 0;   // of which a table only looked up, a row a token, even when tied (Gemma's per-layer one)
    int64_t output = 0;          // LM head, final norm, and top-level tensors outside the layers (rope_freqs)
    int64_t mtp = 0;             // MTP layers: in the file, not loaded (llama.cpp skips them)
    int64_t vision = 0;          // an encoder inside the file (v.*, mm.*): loaded only with images
    std::vector<int64_t> layer, layer_experts;   // per decoder layer, and of which routed experts
    int64_t params = 0, params_experts = 0;      // elements outside MTP and encoder; of which routed experts
    std::vector<std::pair<std::string, int64_t>> types;   // bytes per ggml type, largest first
};

// Shape of a decoder-only transformer, named like llama.cpp's hparams (n_layer, n_head_kv, ...).
struct Model {
    std::string id, name, family, hf_repo, source, as_of, verification;
    std::string modelscope_repo;          // the same weights on ModelScope (modelscope.cn), where published; empty when not
    std::string release_date;             // YYYY-MM-DD of the first public weights; empty when unknown
    double params_b_nominal = 0;          // the size in the model's name ("7B" -> 7): the seeds' rule of thumb uses it
    int64_t params_official = 0;          // vendor's total, 0 when none published
    int64_t params_active_official = 0;   // vendor's active count for MoE, 0 when none

    int n_layer = 0, n_embd = 0, n_ff = 0, n_head = 0, n_head_kv = 0, head_dim = 0, n_vocab = 0;
    bool tied_embeddings = false;
    int64_t max_ctx = 0;

    bool qkv_bias = false, o_bias = false, qk_norm = false, attn_sinks = false;
    int n_norm_per_layer = 2;

    // Mixture of experts (n_expert == 0: dense). n_ff_shared is the total width of the shared experts.
    int n_expert = 0, n_expert_used = 0, n_ff_expert = 0, n_ff_shared = 0, n_layer_dense_lead = 0;
    bool expert_bias = false, router_bias = false;
    bool gguf_experts_mxfp4 = false;   // released with MXFP4 experts, and every GGUF keeps them so (gpt-oss)
    // Released with FP4 experts beside FP8 block-scaled matrices elsewhere (DeepSeek-V4: quantization_config fp8, the
    // experts' int8 tensors two FP4 values a byte): an experts-only format (mxfp4) keeps those matrices at 8 bits.
    bool dense_fp8 = false;

    // Multi-head latent attention (kv_lora_rank == 0: not MLA).
    int q_lora_rank = 0, kv_lora_rank = 0, qk_nope_head_dim = 0, qk_rope_head_dim = 0, v_head_dim = 0;
    // DeepSeek sparse attention (V3.2, GLM-5): a lightning indexer of index_n_heads x index_head_dim queries and one
    // index_head_dim key per token, cached beside the latent (0: none); it picks index_topk of them for each query
    // (index_topk is declared with DeepSeek-V4's fields below, which share these three).
    int index_n_heads = 0, index_head_dim = 0;

    // DeepSeek-V4's compressed attention (model.attention "compressed"; transformers modeling_deepseek_v4.py, vLLM
    // vllm/models/deepseek_v4/attention.py): one KV head whose one vector per entry is both K and V (head_dim wide,
    // qk_rope_head_dim of it rotary), queries through q_lora_rank, an output projection in o_groups groups through
    // o_lora_rank each, a sink per head. Every layer attends to the last swa_window tokens; a 'K' layer also to one
    // compressed entry per kv_ratio_sparse tokens, of which its indexer (index_n_heads x index_head_dim, one key per
    // entry) picks index_topk; an 'H' layer to one entry per kv_ratio_heavy tokens, all of them. hc_mult copies of
    // the hidden state (hyper-connections) mix before and after each block; the first n_layer_hash MoE layers route
    // by a token-id table and have no router bias.
    int kv_ratio_sparse = 0, kv_ratio_heavy = 0, index_topk = 0, o_groups = 0, o_lora_rank = 0, hc_mult = 0, n_layer_hash = 0;

    // Windowed attention: n_layer_swa layers see only the last swa_window tokens (sliding window, or
    // Llama 4's chunked attention, whose cache the chunk bounds the same way).
    int64_t swa_window = 0;
    int n_layer_swa = 0;

    // Hybrids: one character per layer for its token mixer and one for its feed-forward block. Empty: the
    // classic transformer (every layer attention, n_layer_swa of them windowed; dense MLP, or experts after
    // n_layer_dense_lead). Mixers: 'A' attention, 'S' windowed attention, 'L' linear attention (Gated
    // DeltaNet), 'M' Mamba-2, 'm' Mamba-1 (Jamba), 'P' attention and Mamba-2 in parallel (Falcon-H1: a KV cache
    // per token and a state per sequence), 'X' cross-attention to an image's tokens (Llama 3.2 Vision: its KV holds
    // cross_attn_tokens per sequence, not the context), 'C' short convolution (LFM2), 'B' attention over the blocks its own
    // lightning indexer picks (MiniMax-M3: index_n_heads x index_head_dim queries, one index key per token cached, index_topk
    // tokens attended), 'a' attention that reuses the
    // previous indexer layer's picks (GLM-5.2/5.3's 'shared' indexer_types: no indexer weights, no indexer keys), 'K' and 'H' DeepSeek-V4's
    // compressed attention (sparse and heavy, above; its sliding-only layers are 'S'), '-' none. FFNs: 'D' dense,
    // 'E' experts, '-' none.
    std::string layer_mixer, layer_ffn;
    bool ffn_gated = true;              // gate, up, down (SwiGLU/GeGLU); false: up, down (squared ReLU, Nemotron-H)
    bool attn_output_gate = false;      // q_proj also emits a per-head output gate (Qwen3-Next, Qwen3.5)
    bool shared_expert_gate = false;    // a d -> 1 gate scales the shared expert (Qwen2-MoE, Qwen3-Next)
    // Linear attention (Gated DeltaNet): key and value heads and widths; conv_kernel is its short convolution.
    int lin_n_head_k = 0, lin_n_head_v = 0, lin_head_dim_k = 0, lin_head_dim_v = 0;
    // The 'L' layers are Kimi Delta Attention (Kimi Linear, Kimi K3): Gated DeltaNet's state, its own projections
    // (params.cpp linear_attention_params).
    bool lin_kda = false;
    // Mamba-2: heads x head_dim = the inner width; n_group groups of B and C, each ssm_d_state wide.
    int ssm_n_head = 0, ssm_head_dim = 0, ssm_d_state = 0, ssm_n_group = 0;
    bool ssm_norm = true;               // Mamba-2's gated RMSNorm over the inner width (Falcon-H1: only with mamba_rms_norm)
    // Mamba-1 ('m'): inner width (mamba_expand x n_embd) and the rank of the dt projection; d_state is ssm_d_state.
    int ssm_d_inner = 0, ssm_dt_rank = 0;
    // 'X' layers: the tokens of one image at the most tiles, which their KV cache holds per sequence
    // (Llama 3.2 Vision: max_num_tiles x ((image_size / patch_size)^2 + 1) = 4 x 1601).
    int64_t cross_attn_tokens = 0;
    // Gemma 3n: per-layer embeddings (PLE), a n_vocab_per_layer x (n_layer x n_embd_per_layer) table looked up per
    // token like the input embedding (llama.cpp keeps both on the CPU), a projection of the hidden state to the same
    // width, and in each layer a gate (d -> n_embd_per_layer) and a projection back; AltUp over altup_n copies of the
    // hidden state and a LAuReL residual of laurel_rank in each layer (0: none).
    int n_embd_per_layer = 0, n_vocab_per_layer = 0, altup_n = 0, laurel_rank = 0;
    // The last n_layer_kv_shared layers attend with an earlier layer's K and V and keep no cache (num_kv_shared_layers).
    int n_layer_kv_shared = 0;
    // Gemma 4 (transformers modeling_gemma4.py Gemma4TextAttention, Gemma4TextMLP, Gemma4TextRouter): the full-attention
    // ('A') layers have their own head width (global_head_dim) and, with attn_k_eq_v, their own KV-head count
    // (num_global_key_value_heads) and no v_proj (V is K before its norm; llama.cpp and vLLM still cache both); 0: as
    // the others. KV-shared layers hold no k/v projections or k_norm unless kv_shared_weights (Gemma 3n keeps them), and
    // their MLP is n_ff_kv_shared wide (use_double_wide_mlp: 2 n_ff; 0: n_ff). router_scales: the router has a d-wide
    // input scale and a per-expert output scale.
    int head_dim_global = 0, n_head_kv_global = 0, n_ff_kv_shared = 0;
    bool attn_k_eq_v = false, kv_shared_weights = true, router_scales = false;
    int conv_kernel = 0;                // causal convolution width of 'L', 'M', 'm', 'P' and 'C' layers
    bool ssm_state_f32 = false;         // the config asks for an FP32 recurrent state (mamba_ssm_dtype)
    int n_layer_mtp = 0;                // next-token-prediction layers in the checkpoint (speculative decoding)
    int64_t params_mtp = 0;             // their parameters (shared embeddings and head not counted again)
    int64_t params_vision = 0;          // vision / audio encoder and projector (the llama.cpp mmproj), estimated
    bool encoder_only = false;          // BERT-style encoder (embedding / reranker models): no KV cache, no decode
    bool ffn_bias = false;              // MLP up/down biases (BERT)
    int64_t params_extra = 0;           // parameters outside the per-layer formula: BERT position and token-type
                                        // embeddings, embedding LayerNorm, pooler
    std::string unknown;                // what the config held that the parser does not understand: sizes are estimates
    std::shared_ptr<const FileWeights> file;   // read from a file's header: exact weight bytes; null: from the shape

    bool is_moe() const { return n_expert > 0; }
    bool is_mla() const { return kv_lora_rank > 0; }
    bool is_compressed() const { return kv_ratio_sparse > 0 || kv_ratio_heavy > 0; }
    // Layer il runs its own lightning indexer (DeepSeek V3.2, GLM-5: every MLA layer with one but GLM-5.2/5.3's shared
    // ones; MiniMax-M3: its 'B' layers).
    bool has_indexer(int il) const { return index_n_heads > 0 && ((is_mla() && mixer(il) != 'a') || mixer(il) == 'B'); }
    // The report's model.attention and `headroom models`' column.
    const char* attention_kind() const { return is_compressed() ? "compressed" : is_mla() ? "mla" : n_head_kv == n_head ? "mha" : "gqa"; }
    char mixer(int il) const { return layer_mixer.empty() ? (il < n_layer_swa ? 'S' : 'A') : layer_mixer[size_t(il)]; }
    char ffn(int il) const {
        return layer_ffn.empty() ? (is_moe() && il >= n_layer_dense_lead ? 'E' : 'D') : layer_ffn[size_t(il)];
    }
    bool is_moe_layer(int il) const { return ffn(il) == 'E'; }
    bool is_attention(int il) const {
        const char k = mixer(il);
        return k == 'A' || k == 'a' || k == 'B' || k == 'S' || k == 'P' || k == 'K' || k == 'H';
    }
    bool is_kv_shared(int il) const { return il >= n_layer - n_layer_kv_shared; }
    // Layer il's head width and KV heads (Gemma 4's full-attention layers differ) and its dense MLP width.
    int head_dim_of(int il) const { return head_dim_global && mixer(il) == 'A' ? head_dim_global : head_dim; }
    int n_head_kv_of(int il) const { return n_head_kv_global && mixer(il) == 'A' ? n_head_kv_global : n_head_kv; }
    bool k_eq_v(int il) const { return attn_k_eq_v && mixer(il) == 'A'; }
    int n_ff_of(int il) const { return n_ff_kv_shared && n_layer_kv_shared && is_kv_shared(il) ? n_ff_kv_shared : n_ff; }
    int n_layer_of(char mixer_kind) const;   // layers whose mixer is this kind
    int n_layer_attention() const {   // a KV cache per token: the layers is_attention names
        if (layer_mixer.empty()) return n_layer;
        int n = 0;
        for (int il = 0; il < n_layer; ++il) n += is_attention(il);
        return n;
    }
    int n_layer_recurrent() const {          // a state per sequence
        return n_layer_of('L') + n_layer_of('M') + n_layer_of('m') + n_layer_of('P') + n_layer_of('C');
    }
};

// Bytes in a GiB (2^30): device memory is sold in these ("24 GB" = 24 GiB); GB = 10^9 bytes elsewhere.
constexpr double kBytesPerGiB = 1073741824.0;
// GiB -> whole bytes (catalog mem_gib, --gpu-spec mem_gib=).
inline int64_t gib_to_bytes(double gib) { return static_cast<int64_t>(std::llround(gib * kBytesPerGiB)); }

enum class Vendor { nvidia, amd, apple, intel, cpu, huawei, moorethreads, hygon };

struct Device {
    std::string id, name, category, source, as_of, launch, verification;
    Vendor vendor = Vendor::nvidia;
    int64_t mem_bytes = 0;          // physical memory: the vendor's "GB" of memory chips is GiB (24GB card = 24 x 2^30)
    double mem_bw_gbps = 0;         // peak memory bandwidth, GB/s
    double fp16_tflops = 0;         // dense FP16/BF16 tensor throughput with FP32 accumulate (what framework GEMMs get); 0 = unknown
    double fp16_acc16_tflops = 0;   // dense FP16 with FP16 accumulate where it differs (GeForce); 0 = unknown or same
    double fp32_tflops = 0;         // non-tensor FP32 shader throughput (Apple publishes only this); 0 = unknown
    double int8_tops = 0;           // dense INT8 tensor throughput; 0 = unknown
    double power_w = 0;             // board power / TDP
    double pcie_gen = 0;            // 3, 4, 5; 0 = not a PCIe card (SoC, SXM reports its host link separately)
    int pcie_lanes = 0;
    double p2p_gbps = 0;            // GPU-to-GPU link per direction (NVLink, Infinity Fabric); 0 = GPUs talk over PCIe
    double price_usd = 0;           // launch price (MSRP), 0 = none published; its source is `source`
    // Dated market prices (docs/prices.md), 0 = none: each with its date (YYYY-MM[-DD]) and the page it was read on.
    double price_us_usd = 0;        // US street price
    std::string price_us_date, price_us_source;
    double price_cny = 0;           // the Chinese market's price, in CNY
    std::string price_cny_date, price_cny_source;
    double price_used_usd = 0;      // a typical second-hand price
    std::string price_used_date, price_used_source;
    double gpu_share_linux = 0;     // APUs: share of the system memory the GPU may use by default on Linux (0: not an APU)
    double gpu_share_windows = 0;   // ... and on Windows
    bool unified_memory = false;    // CPU and GPU share memory (Apple, DGX Spark, Jetson)
    int sockets = 1;                // CPU hosts: sockets, each with its own memory channels (mem_bw_gbps sums them)
    double cuda_cc = 0;             // NVIDIA: CUDA compute capability (8.9 for an RTX 4090); 0 = not NVIDIA or unknown

    double mem_gib() const { return double(mem_bytes) / kBytesPerGiB; }   // the catalog's mem_gib: 24 for a "24GB" card
};

// One ggml block type: exact bytes per block of elements (ggml-common.h).
struct GgmlType {
    std::string name;
    int block_elements = 1, block_bytes = 4;
    double bits_per_weight() const { return 8.0 * block_bytes / block_elements; }
};

enum class FormatKind { float_, gguf, grouped };

struct WeightFormat {
    std::string id, source;
    FormatKind kind = FormatKind::float_;
    double nominal_bits = 16;       // "4-bit": the bytes-per-parameter the seeds' rule of thumb uses
    // float_: every tensor at `bits`. grouped: linear weights at bits + (scale_bits + zero_bits)/group_size
    // (+ g_idx_bits/out_features); group_size 0 = one scale per output row. Everything else at keep_bits.
    double bits = 16, scale_bits = 0, zero_bits = 0, g_idx_bits = 0, keep_bits = 16;
    int64_t group_size = 0;
    bool experts_only = false;      // quantize MoE expert tensors only (MXFP4 as gpt-oss ships it)
    int ggml_type = -1;             // gguf: index into Catalog::ggml_types of the mix's default type
};

struct KvFormat {
    std::string id, source;
    double bits = 16;
};

// A provider's API price for a model, per million tokens in `currency` (core/data/apis.json, docs/prices.md).
struct ApiPrice {
    std::string id;                        // provider/model: "deepseek/deepseek-chat"
    std::string provider, provider_name, provider_name_zh, model_name;
    std::string model;                     // the catalog model it serves; empty when the catalog has none
    std::string currency;                  // USD or CNY
    double input_per_mtok = 0, cached_input_per_mtok = 0, output_per_mtok = 0;   // cached 0: none offered
    std::string date, source;              // YYYY-MM[-DD] of the price, and the page it was read on
};

// One GPU rented for an hour on a platform (core/data/rentals.json).
struct RentalPrice {
    std::string id;                        // platform/gpu: "autodl/rtx-4090"
    std::string platform, platform_name, platform_name_zh;
    std::string gpu;                       // catalog device id
    std::string currency;
    double per_gpu_hour = 0;
    std::string billing, date, source;
};

// A repository id a model was published under before its owner renamed it; Hugging Face redirects it to the
// model's hf_repo (core/data: a model entry's renamed_from, each with its source in provenance.json).
struct RenamedRepo {
    std::string repo;   // the former id, as published: "meta-llama/Meta-Llama-3.1-8B-Instruct"
    size_t model = 0;   // the model it now names: an index into Catalog::models()
};

struct Catalog {
    // Every model and every device, in the catalog's order. Each is built from the compiled tables on its first use:
    // an evaluate builds the few it looks up (find_model, find_device), a listing or a search all of them. Building all
    // ~500 was half of what a fresh wasm module's first evaluate ran (docs/performance.md). Not thread-safe: the core
    // runs on one thread (the CLI; each of the page's module instances has its own catalog).
    const std::vector<Model>& models() const;
    const std::vector<Device>& devices() const;
    std::vector<RenamedRepo> renamed_repos;
    std::vector<GgmlType> ggml_types;
    std::vector<WeightFormat> weight_formats;
    std::vector<KvFormat> kv_formats;
    // The price tables, built on their first use (an evaluate with no API or rental to price never builds them).
    const std::vector<ApiPrice>& apis() const;
    const std::vector<RentalPrice>& rentals() const;
    std::string prices_as_of;              // YYYY-MM-DD: the day the price tables were last checked

    // An id, a Hugging Face or ModelScope repo id, or a former repo id (renamed_repos), any case; nullptr when none.
    const Model* find_model(std::string_view id) const;
    const RenamedRepo* find_renamed_repo(std::string_view repo) const;   // a former repo id, any case; nullptr when none
    const Device* find_device(std::string_view id) const;
    const WeightFormat* find_weight_format(std::string_view id) const;  // case-insensitive
    const KvFormat* find_kv_format(std::string_view id) const;          // case-insensitive
    int find_ggml_type(std::string_view name) const;                    // -1 when absent
    const ApiPrice* find_api(std::string_view id) const;                // case-insensitive
    const RentalPrice* find_rental(std::string_view id) const;          // case-insensitive

  private:
    friend const Catalog& catalog();
    static Catalog load();
    const Model& model_row(size_t i) const;     // built on first use
    const Device& device_row(size_t i) const;
    mutable std::vector<Model> models_;         // every row's place, each filled once model_built_ says so
    mutable std::vector<Device> devices_;
    mutable std::vector<bool> model_built_, device_built_;
    mutable bool all_models_ = false, all_devices_ = false;
};

// The built-in catalog, built once on first use from the compiled tables (no parsing).
const Catalog& catalog();

// Total and active parameter counts computed from the shape (embeddings, head unless tied,
// attention incl. biases/norms/sinks, MLP or experts + router, norms). Active = dense parts +
// shared + n_expert_used routed experts, embeddings included.
int64_t params_total(const Model& m);
int64_t params_active(const Model& m);
int64_t params_per_expert(const Model& m);   // one routed expert of one MoE layer (0 for a dense model)
// Of those, the embedding tables a token only looks up a row of (the input embedding, Gemma 3n's per-layer table):
// no FLOPs (speed.cpp).
int64_t params_lookup(const Model& m);
// DeepSeek-V4's hyper-connections: the mixing weights of one layer, and of the head (0 without them).
int64_t hc_layer_params(const Model& m);
int64_t hc_head_params(const Model& m);
// One multi-token-prediction module as a model: a decoder layer like the model's last (full attention), with the
// model's embedding and head (DeepSeek-V3 README_WEIGHTS.md; GLM-4.5 and Qwen3.5 alike). hf_config.cpp counts the
// modules' parameters with it; speculative decoding sizes and times the drafter with it.
Model mtp_module(const Model& m);
// Per-sequence recurrent state of the 'L', 'M', 'm', 'P' and 'C' layers in elements: convolution and recurrent (SSM) parts.
struct StateElements {
    int64_t conv = 0, recurrent = 0;
};
StateElements state_elements(const Model& m);

std::string_view to_string(Vendor v);

}  // namespace headroom
