// headroom/gguf.hpp — the GGUF header reader (docs/gguf.md): metadata, tensor infos and the bytes they add up to,
// read from the first bytes of a file, never its tensor data. Outside input: every count, length, dimension and
// offset is checked against the bytes given and the file's size before it is trusted; bad headers throw
// InputError{"gguf", message}.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace headroom {

// One ggml tensor type: its number in enum ggml_type (ggml.h) and the bytes of one block of elements
// (ggml.c type_traits, ggml-common.h block structs). A tensor row of ne0 elements takes ne0 / block_elements
// blocks.
struct GgmlTypeInfo {
    uint32_t id;
    const char* name;   // as ggml_type_name() spells it, upper-cased: "Q4_K", "MXFP4"
    int block_elements;
    int block_bytes;
};
// Every type current ggml reads from a GGUF file, by id. Ids removed from ggml (4, 5, 31-33, 36-38) are absent.
const std::vector<GgmlTypeInfo>& ggml_type_table();
const GgmlTypeInfo* find_ggml_type_info(uint32_t id);   // nullptr when not a current type

// GGUF metadata value types (gguf.h enum gguf_type).
enum class GgufType : uint32_t { u8 = 0, i8, u16, i16, u32, i32, f32, boolean, string, array, u64, i64, f64 };

// One metadata value. Scalars and strings are kept; an array keeps its element type and length, and its
// values only when numeric and short (per-layer lists such as head_count_kv): a 150k-token vocabulary is a count.
struct GgufValue {
    GgufType type = GgufType::u8;
    int64_t i = 0;          // integer and bool scalars (a u64 above INT64_MAX reads INT64_MAX)
    double f = 0;           // f32 / f64 scalars (integers too, as doubles)
    std::string s;          // string scalar, at most kGgufKeptStringBytes (s_bytes has its full length)
    int64_t s_bytes = 0;
    GgufType array_type = GgufType::u8;   // type == array: the element type
    int64_t array_len = 0;
    std::vector<double> numbers;          // type == array of numbers, array_len <= kGgufKeptArrayLen: the values
    bool is_int() const;                  // an integer or bool scalar
};
struct GgufKv {
    std::string key;
    GgufValue value;
};

// One tensor info. `offset` is from the start of the data section (GgufFile::data_offset).
struct GgufTensor {
    std::string name;
    uint32_t type = 0;
    int n_dims = 0;
    int64_t ne[4] = {1, 1, 1, 1};
    uint64_t offset = 0;
    int64_t bytes = 0;      // ne0 / block_elements x block_bytes x ne1 x ne2 x ne3
    int shard = 0;          // which file of a split model (combine_gguf_shards), 0-based
    int64_t elements() const { return ne[0] * ne[1] * ne[2] * ne[3]; }
};

// The model's shape from `<arch>.*` keys, named like llama.cpp's hparams (and headroom::Model). 0: key absent.
struct GgufShape {
    std::string architecture;        // general.architecture
    int64_t n_layer = 0;             // <arch>.block_count (includes MTP layers where the converter counts them)
    int64_t n_ctx_train = 0;         // <arch>.context_length: the default and largest context
    int64_t n_embd = 0;              // <arch>.embedding_length
    int64_t n_ff = 0;                // <arch>.feed_forward_length (the largest, when per layer)
    int64_t n_head = 0;              // <arch>.attention.head_count (the largest, when per layer)
    int64_t n_head_kv = 0;           // <arch>.attention.head_count_kv (the largest, when per layer)
    std::vector<int64_t> n_ff_per_layer, n_head_per_layer, n_head_kv_per_layer;   // when the key is an array
    int64_t head_dim_k = 0, head_dim_v = 0;   // <arch>.attention.key_length / value_length
    int64_t n_expert = 0, n_expert_used = 0, n_expert_shared = 0;   // <arch>.expert_count, _used_count, _shared_count
    int64_t n_ff_expert = 0, n_ff_shared = 0;   // <arch>.expert_feed_forward_length, expert_shared_feed_forward_length
    int64_t n_layer_dense_lead = 0;   // <arch>.leading_dense_block_count
    int64_t n_swa = 0;                // <arch>.attention.sliding_window
    int64_t q_lora_rank = 0, kv_lora_rank = 0;   // <arch>.attention.q_lora_rank / kv_lora_rank (MLA)
    int64_t head_dim_k_mla = 0, head_dim_v_mla = 0;   // <arch>.attention.key_length_mla / value_length_mla
    int64_t n_layer_mtp = 0;          // <arch>.nextn_predict_layers, else the layers holding nextn tensors
    int64_t n_vocab = 0;              // <arch>.vocab_size, else the length of tokenizer.ggml.tokens
    int64_t n_rot = 0;                // <arch>.rope.dimension_count
    int64_t ssm_d_conv = 0, ssm_d_inner = 0, ssm_d_state = 0, ssm_dt_rank = 0, ssm_n_group = 0;   // <arch>.ssm.*
    int64_t shortconv_l_cache = 0;    // <arch>.shortconv.l_cache: lfm2's short-convolution kernel width
    bool has_chat_template = false;   // tokenizer.chat_template present and non-empty
    std::string name;                 // general.name, cut at 256 bytes
    int64_t file_type = -1;           // general.file_type (llama_ftype), -1 absent
};

// Tensor bytes grouped by what they are (the sizing's placement units). Every tensor is in exactly one group:
// total = token_embd + output + attention + ffn_dense + experts + norms + other + mtp + vision.
struct GgufBytes {
    int64_t token_embd = 0;   // token_embd.* (with token_embd_norm, an input norm, but in lfm2), position_embd.*, token_types.*
    int64_t output = 0;       // output.* (LM head) and output_norm.* (lfm2 / lfm2moe: token_embd_norm.*, their final norm)
    int64_t attention = 0;    // blk.N.attn_* except norms (q, k, v, output, MLA's a/b, sinks)
    int64_t ffn_dense = 0;    // blk.N.ffn_* without _exps: dense MLP, shared experts (_shexp), the router (gate_inp)
    int64_t experts = 0;      // blk.N.*_exps.*: routed experts, all of them
    int64_t norms = 0;        // blk.N.*norm* (layer norms, q/k norms)
    int64_t other = 0;        // the rest of blk.N (SSM, conv, ...) and unrecognized top-level tensors
    int64_t mtp = 0;          // every tensor of the MTP (next-token prediction) layers
    int64_t vision = 0;       // v.*, mm.*, a.*, mmproj tensors (a vision/audio encoder and its projector)
    int64_t total = 0;
    int64_t top_other = 0;    // of `other`: top-level tensors outside the groups above (rope_freqs, ...)
    int64_t params = 0;           // elements of every tensor but the MTP layers' and the encoder's
    int64_t params_experts = 0;   // of which routed experts
    std::vector<int64_t> layer;           // per decoder layer blk.N (MTP layers not included)
    std::vector<int64_t> layer_experts;   // of which routed experts
};

struct GgufFile {
    uint32_t version = 0;
    uint32_t alignment = 32;     // general.alignment, default GGUF_DEFAULT_ALIGNMENT
    int64_t file_bytes = 0;      // the file's size, as the caller gave it
    int64_t data_offset = 0;     // where tensor data starts: the header's size, padded to alignment
    int64_t header_bytes = 0;    // data_offset, summed over the shards of a split model
    int64_t data_bytes = 0;      // the data section: tensors padded to alignment, as the offsets lay them out
    std::vector<GgufKv> metadata;
    std::vector<GgufTensor> tensors;
    int split_no = 0, split_count = 1;   // split.no / split.count (split files, 0-based no)
    int64_t split_tensors_count = 0;      // split.tensors.count, 0 when absent
    GgufShape shape;
    GgufBytes bytes;
    std::vector<std::string> notes;       // what the summary could not place (unknown tensor groups, missing keys)

    const GgufKv* find(std::string_view key) const;
};

// The result of reading a prefix of a file: complete, or how many bytes to read before calling again.
struct GgufRead {
    int64_t need_bytes = 0;   // > 0: the header continues past the bytes given; read at least this many (never
                              // more than the file; at least 1 MiB and twice what was given, so retries are few)
    std::string need_message; // "GGUF header continues past the first N bytes: read at least M"
    GgufFile file;            // valid when need_bytes == 0
    bool complete() const { return need_bytes == 0; }
};

// Reads the header of a GGUF file of `file_bytes` bytes from its first bytes `prefix` (the whole file, or a
// slice of it). Versions 2 and 3, little-endian. Throws InputError{"gguf", ...} for anything that is not a
// well-formed GGUF header that llama.cpp would load: the message names what is wrong.
GgufRead read_gguf(std::string_view prefix, int64_t file_bytes);

// Several shards of one split model (`-00001-of-00003.gguf`, each read by read_gguf) as one model: tensors
// of all shards (each with its shard index), metadata and shape from shard 0, bytes summed. Throws
// InputError{"gguf", ...} when they are not shards 0..n-1 of one split (split.count, split.no), a shard is
// missing or repeated, a tensor name repeats, or split.tensors.count disagrees.
GgufFile combine_gguf_shards(std::vector<GgufFile> shards);

// What a scenario carries for a model read from a GGUF header (its `gguf` field): the shape keys, the tensor
// bytes by group and per layer, each layer's kinds, the parameter count and the bytes per ggml type, as JSON
// text of a few KB (headroom::model_from_gguf_summary reads it back). `file_name` is the file's name (a path's
// directory is dropped). Throws InputError{"gguf", ...} for a file that is not a language model (an mmproj,
// no layers, no architecture).
std::string gguf_summary(const GgufFile& f, std::string_view file_name = {});

// The summary of a header's tensors and keys (read_gguf and combine_gguf_shards call it).
void summarize_gguf(GgufFile& f);

constexpr int64_t kGgufKeptStringBytes = 65536;   // longer strings keep their first bytes and their length
constexpr int64_t kGgufKeptArrayLen = 4096;       // longer numeric arrays keep their type and length only

}  // namespace headroom
