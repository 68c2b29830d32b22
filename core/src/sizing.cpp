// Weight and KV-cache bytes. Formulas and sources: docs/sizing.md.
#include <algorithm>
#include <cmath>
#include <string>

#include "internal.hpp"

namespace headroom::detail {
namespace {

// Tensor roles, named like llama.cpp's GGUF tensors (LLM_TENSOR_*).
enum class T {
    token_embd, output,
    attn_q, attn_k, attn_v, attn_output,               // standard attention
    attn_q_a, attn_q_b, attn_kv_a, attn_kv_b,          // MLA
    ffn_gate, ffn_up, ffn_down,                        // dense MLP
    ffn_gate_exps, ffn_up_exps, ffn_down_exps,         // routed experts (3-D)
    ffn_gate_shexp, ffn_up_shexp, ffn_down_shexp,      // shared experts
    ssm_in, ssm_out,                                   // Mamba-2, Gated DeltaNet and short-conv projections
    per_layer_token_embd,                              // Gemma 3n's per-layer embedding table
    other,                                             // other 2-D weights (Gemma 3n's AltUp, LAuReL, PLE gates)
};

bool is_expert(T t) { return t == T::ffn_gate_exps || t == T::ffn_up_exps || t == T::ffn_down_exps; }
bool is_ffn_down(T t) { return t == T::ffn_down || t == T::ffn_down_exps || t == T::ffn_down_shexp; }
bool is_ffn_gate_up(T t) {
    return t == T::ffn_gate || t == T::ffn_up || t == T::ffn_gate_exps || t == T::ffn_up_exps || t == T::ffn_gate_shexp ||
           t == T::ffn_up_shexp;
}

// The quantization mix of a GGUF ftype: per-tensor type choice following llama.cpp
// src/llama-quant.cpp llama_tensor_get_type (mainline, 2025), without an importance matrix.
// ggml type indices used by the mix rules, resolved once.
struct GgmlIds {
    int F16, IQ2_S, IQ2_XXS, IQ3_S, IQ3_XXS, IQ4_NL, MXFP4, Q2_K, Q3_K, Q4_0, Q4_K, Q5_0, Q5_1, Q5_K, Q6_K, Q8_0;
};

const GgmlIds& ggml_ids() {
    static const GgmlIds g = [] {
        const Catalog& c = catalog();
        GgmlIds r{};
        r.F16 = c.find_ggml_type("F16");
        r.IQ2_S = c.find_ggml_type("IQ2_S");
        r.IQ2_XXS = c.find_ggml_type("IQ2_XXS");
        r.IQ3_S = c.find_ggml_type("IQ3_S");
        r.IQ3_XXS = c.find_ggml_type("IQ3_XXS");
        r.IQ4_NL = c.find_ggml_type("IQ4_NL");
        r.MXFP4 = c.find_ggml_type("MXFP4");
        r.Q2_K = c.find_ggml_type("Q2_K");
        r.Q3_K = c.find_ggml_type("Q3_K");
        r.Q4_0 = c.find_ggml_type("Q4_0");
        r.Q4_K = c.find_ggml_type("Q4_K");
        r.Q5_0 = c.find_ggml_type("Q5_0");
        r.Q5_1 = c.find_ggml_type("Q5_1");
        r.Q5_K = c.find_ggml_type("Q5_K");
        r.Q6_K = c.find_ggml_type("Q6_K");
        r.Q8_0 = c.find_ggml_type("Q8_0");
        return r;
    }();
    return g;
}

// GGUF file types (llama_ftype), as the mix rules test them.
enum class Ft { other, iq1_m, iq1_s, iq2_m, iq2_s, iq2_xs, iq2_xxs, iq3_m, iq3_s, iq3_xs, iq3_xxs, iq4_nl, iq4_xs, mxfp4_moe, q2_k, q2_k_s, q3_k_l, q3_k_m, q3_k_s, q4_k_m, q4_k_s, q5_k_m };

Ft parse_ft(std::string_view id) {
    if (id == "iq1_m") return Ft::iq1_m;
    if (id == "iq1_s") return Ft::iq1_s;
    if (id == "iq2_m") return Ft::iq2_m;
    if (id == "iq2_s") return Ft::iq2_s;
    if (id == "iq2_xs") return Ft::iq2_xs;
    if (id == "iq2_xxs") return Ft::iq2_xxs;
    if (id == "iq3_m") return Ft::iq3_m;
    if (id == "iq3_s") return Ft::iq3_s;
    if (id == "iq3_xs") return Ft::iq3_xs;
    if (id == "iq3_xxs") return Ft::iq3_xxs;
    if (id == "iq4_nl") return Ft::iq4_nl;
    if (id == "iq4_xs") return Ft::iq4_xs;
    if (id == "mxfp4_moe") return Ft::mxfp4_moe;
    if (id == "q2_k") return Ft::q2_k;
    if (id == "q2_k_s") return Ft::q2_k_s;
    if (id == "q3_k_l") return Ft::q3_k_l;
    if (id == "q3_k_m") return Ft::q3_k_m;
    if (id == "q3_k_s") return Ft::q3_k_s;
    if (id == "q4_k_m") return Ft::q4_k_m;
    if (id == "q4_k_s") return Ft::q4_k_s;
    if (id == "q5_k_m") return Ft::q5_k_m;
    return Ft::other;
}

struct GgufMix {
    const Catalog& cat;
    const Model& m;
    Ft ftype;              // the GGUF file type, e.g. Ft::q4_k_m
    int dflt;              // the mix's default ggml type
    int n_gqa;
    // IQ1-IQ3 files are made with an importance matrix (llama.cpp requires one for IQ1/IQ2; its quantize
    // README's table used one); the rules differ for IQ3_XXS attn_v and ffn_down.
    bool imatrix;

    const GgmlIds& G;
    bool is(Ft f) const { return ftype == f; }
    template <class... S>
    bool any(S... f) const { return (is(f) || ...); }

    static bool use_more_bits(int i, int n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

    int pick(T t, int il, int64_t ncols) const {
        int nt = dflt;
        const int n = m.n_layer;
        const bool moe8 = m.n_expert == 8;
        const bool is_70b = !m.is_moe() && m.n_layer == 80;   // llama.cpp LLM_TYPE_70B (Llama/Qwen2 with 80 layers)
        if (is(Ft::mxfp4_moe)) {
            nt = is_expert(t) ? G.MXFP4 : G.Q8_0;
        } else if (is_expert(t) && m.gguf_experts_mxfp4) {
            // gpt-oss: released with MXFP4 experts, which every GGUF keeps; the ftype sizes the rest
            // (bartowski: "All quants keep the feed forward networks at mxfp4"; docs/sizing.md)
            return G.MXFP4;
        } else if (t == T::output || (t == T::token_embd && m.tied_embeddings)) {
            if (ncols % 256 != 0) nt = G.Q8_0;
            else if (any(Ft::iq2_xxs, Ft::iq2_xs, Ft::iq3_xxs, Ft::iq1_s, Ft::iq2_s, Ft::iq2_m, Ft::iq1_m)) nt = G.Q5_K;
            else if (nt != G.Q8_0) nt = G.Q6_K;
        } else if (t == T::token_embd || t == T::per_layer_token_embd) {   // llama-quant.cpp: the same rule for both
            if (any(Ft::iq2_xxs, Ft::iq2_xs, Ft::iq1_s, Ft::iq1_m)) nt = G.Q2_K;
            else if (any(Ft::iq2_s, Ft::iq2_m, Ft::iq3_xxs)) nt = G.IQ3_S;
        } else if (any(Ft::iq2_xxs, Ft::iq2_xs, Ft::iq1_s, Ft::iq2_s, Ft::iq2_m, Ft::iq1_m)) {
            if (t == T::attn_v) {
                nt = (n_gqa >= 4 || m.n_expert >= 4) ? G.Q4_K : any(Ft::iq2_s, Ft::iq2_m) ? G.IQ3_S : G.Q2_K;
            } else if (moe8 && t == T::attn_k) {
                nt = G.Q4_K;
            } else if (is_ffn_down(t)) {
                if (il < n / 8) nt = any(Ft::iq2_s, Ft::iq2_m) ? G.IQ3_S : G.Q2_K;
            } else if (t == T::attn_output) {
                if (moe8) nt = G.Q5_K;
                else if (any(Ft::iq1_s, Ft::iq1_m)) nt = G.IQ2_XXS;
                else if (any(Ft::iq2_s, Ft::iq2_m)) nt = G.IQ3_S;
            }
        } else if (t == T::attn_v) {
            if (is(Ft::q2_k)) nt = n_gqa >= 4 ? G.Q4_K : G.Q3_K;
            else if (is(Ft::q2_k_s) && n_gqa >= 4) nt = G.Q4_K;
            else if (is(Ft::iq3_xxs)) nt = n_gqa >= 4 ? G.Q4_K : imatrix ? G.IQ3_XXS : G.IQ3_S;
            else if (any(Ft::iq3_xs, Ft::iq3_s) && n_gqa >= 4) nt = G.Q4_K;
            else if (is(Ft::iq3_m)) nt = G.Q4_K;
            else if (is(Ft::q3_k_m)) nt = il < 2 ? G.Q5_K : G.Q4_K;
            else if (is(Ft::q3_k_l)) nt = G.Q5_K;
            else if (any(Ft::iq4_nl, Ft::iq4_xs) && n_gqa >= 4) nt = G.Q5_K;
            else if (any(Ft::q4_k_m, Ft::q5_k_m) && use_more_bits(il, n)) nt = G.Q6_K;
            else if (is(Ft::q4_k_s) && il < 4) nt = G.Q5_K;
            if (is_70b && (nt == G.Q3_K || nt == G.Q4_K)) nt = G.Q5_K;
            if (moe8) nt = G.Q8_0;
        } else if (t == T::attn_k) {
            if (moe8) nt = G.Q8_0;
            else if (is(Ft::iq3_xs)) nt = G.IQ3_XXS;
            else if (is(Ft::iq3_xxs)) nt = G.IQ2_S;
        } else if (t == T::attn_q) {
            if (is(Ft::iq3_xs)) nt = G.IQ3_XXS;
            else if (is(Ft::iq3_xxs)) nt = G.IQ2_S;
        } else if (is_ffn_down(t)) {
            if (is(Ft::q2_k)) nt = G.Q3_K;
            else if (is(Ft::q2_k_s)) { if (il < n / 8) nt = G.Q4_K; }
            else if (is(Ft::iq3_xxs) && !imatrix) nt = il < n / 8 ? G.Q4_K : G.Q3_K;
            else if (is(Ft::q3_k_m)) nt = il < n / 16 ? G.Q5_K : G.Q4_K;
            else if (is(Ft::iq3_m) && (il < n / 8 || (moe8 && use_more_bits(il, n)))) nt = G.Q4_K;
            else if (is(Ft::q3_k_l)) nt = G.Q5_K;
            else if (is(Ft::q4_k_m)) { if (use_more_bits(il, n)) nt = G.Q6_K; }
            else if (il < n / 8 && any(Ft::iq4_nl, Ft::iq4_xs)) nt = G.Q5_K;
            else if (is(Ft::q5_k_m) && use_more_bits(il, n)) nt = G.Q6_K;
            else if (is(Ft::q4_k_s) && il < n / 8) nt = G.Q5_K;
        } else if (t == T::attn_output) {
            if (moe8) {
                if (any(Ft::q2_k, Ft::iq3_xs, Ft::iq3_xxs, Ft::q3_k_s, Ft::q3_k_m, Ft::iq4_nl, Ft::q4_k_s, Ft::q4_k_m, Ft::iq3_s, Ft::iq3_m, Ft::iq4_xs))
                    nt = G.Q5_K;
            } else {
                if (is(Ft::q2_k)) nt = G.Q3_K;
                else if (is(Ft::iq3_xxs)) nt = G.IQ3_S;
                else if (is(Ft::q3_k_m)) nt = G.Q4_K;
                else if (is(Ft::q3_k_l)) nt = G.Q5_K;
                else if (is(Ft::iq3_m)) nt = G.Q4_K;
            }
        } else if (is_ffn_gate_up(t)) {
            if (is(Ft::iq3_xs) && il >= n / 8 && il < 7 * n / 8) nt = G.IQ3_XXS;
        }
        // Rows whose length is not a multiple of the block size fall back (llama-quant.cpp, convert_incompatible_tensor).
        const GgmlType& g = cat.ggml_types[nt];
        if (ncols % g.block_elements != 0) {
            if (nt == G.Q4_K) nt = G.Q5_0;
            else if (nt == G.Q5_K) nt = G.Q5_1;
            else if (nt == G.Q6_K) nt = G.Q8_0;
            else if (nt == G.Q2_K || nt == G.Q3_K) nt = G.Q4_0;
            else if (g.name.rfind("IQ", 0) == 0) nt = G.IQ4_NL;
            if (ncols % cat.ggml_types[nt].block_elements != 0) nt = G.F16;
        }
        return nt;
    }

    int64_t bytes(T t, int il, int64_t ncols, int64_t rows) const {
        const GgmlType& g = cat.ggml_types[pick(t, il, ncols)];
        return rows * (ncols / g.block_elements) * g.block_bytes + (ncols % g.block_elements ? rows * g.block_bytes : 0);
    }
};

struct Sizer {
    const Catalog& cat;
    const Model& m;
    const WeightFormat& f;
    std::optional<GgufMix> mix;

    // Bytes of a matrix with `ncols` inputs (ne[0]) and `rows` outputs (all experts together for 3-D tensors).
    int64_t matrix(T t, int il, int64_t ncols, int64_t rows) const {
        const int64_t n = ncols * rows;
        switch (f.kind) {
            case FormatKind::float_: return bits_to_bytes(n * f.bits);
            case FormatKind::gguf: return mix->bytes(t, il, ncols, rows);
            case FormatKind::grouped: {
                const bool embed_like = t == T::token_embd || t == T::output || t == T::per_layer_token_embd;
                if (embed_like) return bits_to_bytes(n * f.keep_bits);
                // An experts-only format leaves the other matrices as the checkpoint has them: 16-bit, or FP8 with a
                // UE8M0 scale per 128 x 128 block (DeepSeek-V4, dense_fp8).
                if (f.experts_only && m.is_moe() && !is_expert(t))
                    return bits_to_bytes(m.dense_fp8 ? double(n) * (8.0 + 8.0 / (128 * 128)) : double(n) * f.keep_bits);
                const double group = f.group_size > 0 ? double(f.group_size) : double(ncols);
                const int64_t out = is_expert(t) ? rows / m.n_expert : rows;
                const double bpw = f.bits + (f.scale_bits + f.zero_bits) / group + f.g_idx_bits / double(out);
                return bits_to_bytes(double(n) * bpw);
            }
        }
        return 0;
    }
    // 1-D tensors: norms, biases, sinks. F32 in GGUF and f32 checkpoints, 16-bit otherwise.
    int64_t vec(int64_t n) const {
        const double b = f.kind == FormatKind::gguf ? 32 : f.kind == FormatKind::float_ ? f.bits : f.keep_bits;
        return bits_to_bytes(n * b);
    }
    static int64_t bits_to_bytes(double bits) { return static_cast<int64_t>(std::ceil(bits / 8.0)); }

    // Bytes of layer il; *experts receives the routed experts' share (all experts, all three matrices).
    // A convolution's weights stay unquantized in GGUF (llama-quant.cpp skips ssm_conv1d), so they count as vec().
    // Mamba-2: shapes as in params.cpp mamba2_params.
    int64_t mamba2(int il) const {
        const int64_t d = m.n_embd, di = int64_t(m.ssm_n_head) * m.ssm_head_dim, gs = int64_t(m.ssm_n_group) * m.ssm_d_state;
        return matrix(T::ssm_in, il, d, 2 * di + 2 * gs + m.ssm_n_head) + matrix(T::ssm_out, il, di, d) +
               vec((di + 2 * gs) * (m.conv_kernel + 1) + 3 * int64_t(m.ssm_n_head) + (m.ssm_norm ? di : 0));
    }

    int64_t layer(int il, int64_t* experts) const {
        *experts = 0;
        const int64_t d = m.n_embd, H = m.n_head;
        int64_t b = vec(int64_t(m.n_norm_per_layer) * d + hc_layer_params(m));
        if (m.mixer(il) == 'P') b += mamba2(il);   // Falcon-H1: Mamba-2 beside the attention below
        if (m.mixer(il) == 'X') b += vec(2 * int64_t(m.head_dim) + 2);   // cross-attention's q/k norms and gates
        switch (m.mixer(il)) {
            case 'A': case 'a': case 'B': case 'S': case 'P': case 'X': case 'K': case 'H':
                if (m.is_compressed()) {   // DeepSeek-V4: shapes as in params.cpp compressed_attention_params
                    const int64_t hd = m.head_dim, ql = m.q_lora_rank, ol = m.o_lora_rank;
                    b += matrix(T::attn_q_a, il, d, ql) + vec(ql) + matrix(T::attn_q_b, il, ql, H * hd) +
                         matrix(T::attn_kv_a, il, d, hd) + vec(hd) + matrix(T::attn_output, il, H * hd / m.o_groups, int64_t(m.o_groups) * ol) +
                         matrix(T::attn_output, il, int64_t(m.o_groups) * ol, d) + vec(H);
                    auto compressor = [&](int64_t width, int64_t ratio, int64_t c) {
                        return 2 * matrix(T::other, il, d, c * width) + vec(ratio * c * width + width);
                    };
                    if (m.mixer(il) == 'K')
                        b += compressor(hd, m.kv_ratio_sparse, 2) + matrix(T::attn_q_b, il, ql, int64_t(m.index_n_heads) * m.index_head_dim) +
                             matrix(T::other, il, d, m.index_n_heads) + compressor(m.index_head_dim, m.kv_ratio_sparse, 2);
                    if (m.mixer(il) == 'H') b += compressor(hd, m.kv_ratio_heavy, 1);
                } else if (m.is_mla()) {
                    const int64_t qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
                    if (m.q_lora_rank) {
                        b += matrix(T::attn_q_a, il, d, m.q_lora_rank) + vec(m.q_lora_rank);
                        b += matrix(T::attn_q_b, il, m.q_lora_rank, H * qk);
                    } else {
                        b += matrix(T::attn_q, il, d, H * qk);
                    }
                    b += matrix(T::attn_kv_a, il, d, m.kv_lora_rank + m.qk_rope_head_dim) + vec(m.kv_lora_rank);
                    b += matrix(T::attn_kv_b, il, m.kv_lora_rank, H * (m.qk_nope_head_dim + m.v_head_dim));
                    b += matrix(T::attn_output, il, H * m.v_head_dim, d);
                    if (m.has_indexer(il))   // the sparse-attention indexer, shapes as in params.cpp
                        b += matrix(T::attn_q_b, il, m.q_lora_rank, int64_t(m.index_n_heads) * m.index_head_dim) +
                             matrix(T::attn_kv_a, il, d, m.index_head_dim) + vec(2 * int64_t(m.index_head_dim)) +
                             vec(d * m.index_n_heads);
                } else {   // shapes as in params.cpp attention_params (Gemma 4: per-layer width, K as V, KV-shared)
                    const int64_t hd = m.head_dim_of(il), q = H * hd, kv = int64_t(m.n_head_kv_of(il)) * hd;
                    const bool own_kv = m.kv_shared_weights || !m.is_kv_shared(il), v = own_kv && !m.k_eq_v(il);
                    b += matrix(T::attn_q, il, d, q * (m.attn_output_gate ? 2 : 1)) + (own_kv ? matrix(T::attn_k, il, d, kv) : 0) +
                         (v ? matrix(T::attn_v, il, d, kv) : 0);
                    b += matrix(T::attn_output, il, q, d);
                    if (m.qkv_bias) b += vec(q + (own_kv ? kv : 0) + (v ? kv : 0));
                    if (m.o_bias) b += vec(d);
                    if (m.qk_norm) b += vec((own_kv ? 2 : 1) * hd);
                    if (m.attn_sinks) b += vec(H);
                    if (m.mixer(il) == 'B')   // MiniMax-M3's indexer, shapes as in params.cpp mixer_params
                        b += matrix(T::attn_q, il, d, int64_t(m.index_n_heads) * m.index_head_dim) +
                             matrix(T::attn_k, il, d, m.index_head_dim) + vec(2 * int64_t(m.index_head_dim));
                }
                break;
            case 'L': {   // Gated DeltaNet or Kimi Delta Attention: shapes as in params.cpp linear_attention_params
                const int64_t kd = int64_t(m.lin_n_head_k) * m.lin_head_dim_k, vd = int64_t(m.lin_n_head_v) * m.lin_head_dim_v;
                if (m.lin_kda) {
                    const int64_t hd = m.lin_head_dim_k, nh = m.lin_n_head_k;
                    b += matrix(T::ssm_in, il, d, 2 * kd + vd) + matrix(T::other, il, d, 2 * hd) + matrix(T::other, il, hd, kd + vd) +
                         matrix(T::other, il, d, nh) + matrix(T::ssm_out, il, vd, d) + vec((2 * kd + vd) * m.conv_kernel + nh + kd + hd);
                    break;
                }
                b += matrix(T::ssm_in, il, d, 2 * kd + 2 * vd + 2 * m.lin_n_head_v) + matrix(T::ssm_out, il, vd, d);
                b += vec((2 * kd + vd) * m.conv_kernel + 2 * m.lin_n_head_v + m.lin_head_dim_v);
                break;
            }
            case 'M': b += mamba2(il); break;
            case 'm': {   // Mamba-1 (Jamba): shapes as in params.cpp mamba1_params; x_proj and dt_proj as linear layers
                const int64_t di = m.ssm_d_inner, N = m.ssm_d_state, R = m.ssm_dt_rank;
                b += matrix(T::ssm_in, il, d, 2 * di) + matrix(T::ssm_out, il, di, d) + matrix(T::ssm_in, il, di, R + 2 * N) +
                     matrix(T::ssm_in, il, R, di);
                b += vec(di * (m.conv_kernel + 1) + di + N * di + di + R + 2 * N);
                break;
            }
            case 'C':     // LFM2 short convolution
                b += matrix(T::ssm_in, il, d, 3 * d) + matrix(T::ssm_out, il, d, d) + vec(d * m.conv_kernel);
                break;
            default: break;
        }
        if (m.n_embd_per_layer || m.altup_n || m.laurel_rank) {   // Gemma 3n: shapes as in params.cpp gemma3n_layer_params
            const int64_t p = m.n_embd_per_layer, n = m.altup_n, r = m.laurel_rank;
            if (p) b += matrix(T::other, il, d, p) + matrix(T::other, il, p, d) + vec(d);
            if (n) b += matrix(T::other, il, d, n) + vec(2 * d + n * n + n * n * n);
            if (r) b += matrix(T::other, il, d, r) + matrix(T::other, il, r, d) + vec(d);
        }
        const char ffn = m.ffn(il);
        if (ffn == 'D') {
            const int64_t ff = m.n_ff_of(il);
            if (m.ffn_gated) b += matrix(T::ffn_gate, il, d, ff);
            b += matrix(T::ffn_up, il, d, ff) + matrix(T::ffn_down, il, ff, d);
            if (m.ffn_bias) b += vec(ff + d);
        }
        if (ffn != 'E') return b;
        // The router (ffn_gate_inp) is never quantized: F32 in GGUF, 16-bit in checkpoints.
        b += vec(d * m.n_expert + (m.router_bias && il >= m.n_layer_hash ? m.n_expert : 0) + (m.router_scales ? d + m.n_expert : 0));
        const int64_t E = m.n_expert, fe = m.n_ff_expert;
        *experts = (m.ffn_gated ? matrix(T::ffn_gate_exps, il, d, fe * E) : 0) + matrix(T::ffn_up_exps, il, d, fe * E) +
                   matrix(T::ffn_down_exps, il, fe, d * E) + (m.expert_bias ? vec(E * (2 * fe + d)) : 0);
        b += *experts;
        if (m.n_ff_shared) {
            if (m.ffn_gated) b += matrix(T::ffn_gate_shexp, il, d, m.n_ff_shared);
            b += matrix(T::ffn_up_shexp, il, d, m.n_ff_shared) + matrix(T::ffn_down_shexp, il, m.n_ff_shared, d);
            if (m.shared_expert_gate) b += vec(d);
        }
        return b;
    }
};

}  // namespace

WeightBytes weight_bytes(const Model& m, const WeightFormat& f) {
    const Catalog& cat = catalog();
    Sizer s{cat, m, f, std::nullopt};
    if (f.kind == FormatKind::gguf) s.mix.emplace(GgufMix{cat, m, parse_ft(f.id), f.ggml_type, m.n_head / m.n_head_kv,
                                                   f.id.rfind("iq", 0) == 0 && f.id.rfind("iq4", 0) != 0, ggml_ids()});
    WeightBytes w;
    w.token_embd = s.matrix(T::token_embd, 0, m.n_embd, m.n_vocab);
    w.output = s.vec(m.encoder_only ? 0 : m.n_embd) + (m.tied_embeddings ? 0 : s.matrix(T::output, 0, m.n_embd, m.n_vocab)) +
               s.vec(m.params_extra + hc_head_params(m));   // BERT's position/type embeddings and pooler, DeepSeek-V4's
                                                              // hyper-connection head: small, kept at 16/32 bits
    if (m.n_embd_per_layer) {
        // Gemma 3n's per-layer embedding table is an input embedding: llama.cpp keeps it with token_embd on the CPU
        // (llama-arch.cpp: LLM_TENSOR_PER_LAYER_TOKEN_EMBD is an LLM_TENSOR_LAYER_INPUT, GGML_OP_GET_ROWS tensor), vLLM
        // on the GPU with the rest (gemma3n.py: a VocabParallelEmbedding). Its projection, norm and AltUp's projections
        // sit with the output. Shapes as in params.cpp gemma3n_model_params.
        const int64_t lp = int64_t(m.n_layer) * m.n_embd_per_layer;
        w.token_embd_lookup = s.matrix(T::per_layer_token_embd, 0, lp, m.n_vocab_per_layer);
        w.token_embd += w.token_embd_lookup;
        w.output += s.matrix(T::other, 0, m.n_embd, lp) + s.vec(m.n_embd_per_layer);
    }
    if (m.altup_n > 1) w.output += 2 * int64_t(m.altup_n - 1) * s.matrix(T::other, 0, m.n_embd, m.n_embd);
    w.layer.resize(static_cast<size_t>(m.n_layer));
    // The mix rules see a layer's index only through these predicates, so layers with the same ones
    // have the same bytes: compute each class once (a handful per model instead of n_layer).
    const int n = m.n_layer;
    // A layer's kinds (mixer, FFN) are part of its class; they take 256 values each at most.
    auto layer_class = [&](int il) {
        const int kinds = ((int(uint8_t(m.mixer(il))) << 8 | int(uint8_t(m.ffn(il)))) << 1 | int(m.is_kv_shared(il))) << 1 |
                          int(il < m.n_layer_hash);   // DeepSeek-V4's hash-routed layers: no router bias
        if (f.kind != FormatKind::gguf) return kinds;
        return kinds << 7 | int(GgufMix::use_more_bits(il, n)) << 1 | int(il < n / 8) << 2 | int(il < n / 16) << 3 |
               int(il >= 7 * n / 8) << 4 | int(il < 2) << 5 | int(il < 4) << 6;
    };
    w.layer_experts.resize(static_cast<size_t>(m.n_layer));
    std::vector<std::pair<int, std::pair<int64_t, int64_t>>> memo;   // class -> (bytes, expert bytes): a handful
    for (int il = 0; il < n; ++il) {
        const int k = layer_class(il);
        auto it = std::find_if(memo.begin(), memo.end(), [k](const auto& e) { return e.first == k; });
        if (it == memo.end()) {
            int64_t exp = 0;
            const int64_t b = s.layer(il, &exp);
            memo.push_back({k, {b, exp}});
            it = memo.end() - 1;
        }
        w.layer[il] = it->second.first;
        w.layer_experts[il] = it->second.second;
        w.layers_total += it->second.first;
    }
    w.params_matmul = params_active(m) - params_lookup(m);
    return w;
}

WeightBytes weight_bytes(const FileWeights& f, const Model& m) {
    WeightBytes w;
    w.params_matmul = params_active(m) - params_lookup(m);
    w.token_embd = f.token_embd;
    w.token_embd_lookup = f.token_embd_lookup;   // Gemma 3n / 4's per-layer table: a decode step reads rows of it, not all
    w.output = f.output;
    w.layer = f.layer;
    w.layer_experts = f.layer_experts;
    for (int64_t b : f.layer) w.layers_total += b;
    return w;
}

// MLA's cached latent: the compressed KV and the shared RoPE key, one per token (vLLM, SGLang, llama.cpp since 2025).
static int64_t mla_latent_elements(const Model& m) { return m.kv_lora_rank + m.qk_rope_head_dim; }

int64_t kv_elements_per_token_layer(const Model& m, Engine engine, int il) {
    if (m.is_mla()) {
        // transformers' eager DeepSeek code caches the expanded per-head K and V (DeepSeek-V3 modeling code).
        if (engine == Engine::transformers)
            return int64_t(m.n_head) * (m.qk_nope_head_dim + m.qk_rope_head_dim) + int64_t(m.n_head) * m.v_head_dim;
        // + the indexer's key per token where the layer runs an indexer (DeepSeek V3.2, GLM-5; not GLM-5.2/5.3's
        // shared layers: transformers modeling_glm_moe_dsa.py, llama.cpp filter_lid), kept at the cache's format here
        // (vLLM stores it in FP8 with a scale per 128: an estimate, docs/sizing.md).
        return mla_latent_elements(m) + (m.has_indexer(il) ? m.index_head_dim : 0);
    }
    // K and V of the layer: Gemma 4's full-attention layers have their own width and KV heads; where K is V
    // (attention_k_eq_v) llama.cpp and vLLM still cache both (gemma4-iswa.cpp: Vcur = Kcur into build_attn; vLLM
    // gemma4.py: the K weights loaded into both K and V of qkv_proj).
    return 2 * int64_t(m.n_head_kv_of(il)) * m.head_dim_of(il);
}

int64_t swa_cells(const Model& m, Engine engine, int64_t ctx, int64_t ubatch) {
    if (m.swa_window <= 0) return ctx;
    if (ubatch < 0) return std::min(ctx, m.swa_window);   // the tokens a decode step attends to (speed.cpp)
    // ik_llama.cpp gives every layer the whole context (its llama.cpp allocates kv_size cells per layer whether the
    // layer slides or not: ik_llama.cpp issue #1607, 2026-04; a window-sized ring is an opt-in PR, #2171).
    if (engine == Engine::ik_llama_cpp) return ctx;
    if (!ggml_engine(engine)) return std::min(ctx, m.swa_window);
    // llama.cpp's SWA cache holds the window plus one micro-batch, padded to 256 cells (llama-kv-cache-iswa.cpp:
    // size_swa = GGML_PAD(min(kv_size, n_swa + n_ubatch), 256), "always padded to 256 for performance", issue 17037):
    // gpt-oss's 128-token window takes 768 cells at -ub 512. Never more than the context here.
    const int64_t cells = (m.swa_window + ubatch + 255) / 256 * 256;
    return std::min(ctx, cells);
}

bool gathers_top_k(Engine e) { return tensor_parallel_engine(e); }

namespace {
// DeepSeek-V4's cache (docs/sizing.md, "DeepSeek-V4"), per layer and sequence: the last swa_window tokens' entries
// (every layer), one entry per kv_ratio tokens of the context on a compressed layer, and on a sparse layer ('K') the
// indexer's key of each of those entries. An entry is one head_dim vector (K = V).
// - vLLM (vllm/models/deepseek_v4/attention.py get_kv_cache_spec; sparse_swa.py): the window exactly; at 8 bits its
//   fp8_ds_mla layout: the non-rotary part in FP8, the rotary part in BF16, a UE8M0 scale per 64 values padded to 8
//   bytes (584 bytes for 512), the indexer key in FP8 with one FP32 scale (132 bytes for 128); else head_dim values of
//   the cache's format. A decode step (ubatch < 0) reads the window, the index_topk entries the indexer picks and
//   every indexer key on a sparse layer, every entry on a heavily compressed one.
// - llama.cpp (src/llama-kv-cache-dsv4.cpp, PR #24162): every cache in -ctk's type, in rows of 256 cells: the window
//   ring PAD256(min(ctx, window + n_ubatch)), PAD256(ceil(ctx / ratio)) entries and as many indexer keys. A decode
//   step reads every entry (the indexer's top-k masks the others: src/models/deepseek4.cpp).
double compressed_kv_bits(const Model& m, const KvFormat& kv, Engine engine, int64_t ctx, int64_t ubatch) {
    const bool read = ubatch < 0;
    const bool ggml = ggml_engine(engine) && engine != Engine::ik_llama_cpp;
    auto pad = [&](int64_t cells) { return ggml ? (cells + 255) / 256 * 256 : cells; };
    const int64_t ub = ubatch < 0 ? 0 : ubatch;
    const double window = double(read ? std::min(ctx, m.swa_window) : ggml ? pad(std::min(ctx, m.swa_window + ub)) : swa_cells(m, engine, ctx, ubatch));
    const int64_t hd = m.head_dim, rope = m.qk_rope_head_dim, idim = m.index_head_dim;
    const bool vllm_fp8 = kv.bits <= 8 && engine == Engine::vllm;
    const double entry = vllm_fp8 ? 8.0 * double((hd - rope) + 2 * rope + ((hd - rope) / 64 + 7) / 8 * 8) : double(hd) * kv.bits;
    const double index_entry = vllm_fp8 ? 8.0 * double(idim + 4) : double(idim) * kv.bits;
    auto groups = [&](int64_t ratio) { return double(read ? (ctx + ratio - 1) / ratio : pad(std::max<int64_t>(1, (ctx + ratio - 1) / ratio))); };
    double bits = 0;
    for (int il = 0; il < m.n_layer; ++il) {
        bits += window * entry;
        switch (m.mixer(il)) {
            case 'K': {
                const double n = groups(m.kv_ratio_sparse);
                bits += (read && gathers_top_k(engine) ? std::min(n, double(m.index_topk)) : n) * entry + n * index_entry;
                break;
            }
            case 'H': bits += groups(m.kv_ratio_heavy) * entry; break;
            default: break;
        }
    }
    return bits;
}
}  // namespace

int64_t kv_cache_bytes(const Model& m, const KvFormat& kv, Engine engine, int64_t ctx, int64_t batch, bool images,
                       int64_t ubatch) {
    if (m.encoder_only) return 0;   // an encoder reads its whole input at once and keeps no cache
    if (m.is_compressed())
        return checked_bytes(std::ceil(compressed_kv_bits(m, kv, engine, ctx, ubatch) * double(batch) / 8.0), "the KV cache");
    const int64_t swa_tokens = swa_cells(m, engine, ctx, ubatch);
    // Sliding-window layers keep only the last `window` tokens (vLLM's hybrid allocator), and llama.cpp one
    // micro-batch more (swa_cells).
    // Only attention layers cache per token; linear-attention, SSM and convolution layers keep a fixed state
    // per sequence instead (state_bytes).
    // Falcon-H1's parallel layers ('P') attend like 'A' (llama-model.cpp create_memory: filter_attn is every layer).
    // KV-shared layers (Gemma 3n's last num_kv_shared_layers) keep no cache of their own: llama.cpp gives a cache only to
    // the first n_layer_kv_from_start layers (llama-hparams.h has_kv; LLM_ARCH_GEMMA3N sets it to 20), vLLM allocates
    // none for a layer with a kv_sharing_target_layer_name (gemma3n.py).
    // Cross-attention layers ('X', Llama 3.2 Vision) cache the K and V of one image's tokens per sequence, whatever
    // the context (vLLM mllama.py: the encoder prompt is num_tiles x token_per_chunk image tokens, the cross-attention
    // KV sized to it), and nothing for a text-only request: no encoder tokens (vLLM mllama.py: "text-only prefill and
    // decode", skip_cross_attention = max_encoder_seq_len == 0).
    // llama.cpp keeps the sliding layers' cache in F16 whatever -ctk/-ctv say ("We don't need to quantize the SWA part
    // of the cache for iSWA models because it is relatively small. So keep it in F16.": PR #21277, merged 2026-04).
    const double swa_bits = (engine == Engine::llama_cpp || engine == Engine::generic) ? 16 : kv.bits;
    // DeepSeek sparse attention (V3.2, GLM-5) in an engine that gathers the indexer's picks: a decode step reads
    // index_topk latents and every indexer key of each layer.
    if (ubatch < 0 && m.is_mla() && m.index_topk > 0 && m.index_head_dim > 0 && gathers_top_k(engine)) {
        const double latent = double(mla_latent_elements(m));
        double elements = 0;
        for (int il = 0; il < m.n_layer; ++il)
            if (m.is_attention(il))
                elements += double(std::min<int64_t>(ctx, m.index_topk)) * latent + (m.has_indexer(il) ? double(ctx) * m.index_head_dim : 0.0);
        return checked_bytes(std::ceil(elements * kv.bits * double(batch) / 8.0), "the KV cache");
    }
    double bits = 0;   // summed in double: exact below 2^53, as the product it replaces
    // A layer's term depends on its index only through its mixer and whether it is KV-shared (what
    // kv_elements_per_token_layer reads), so a layer like the one before it adds the same term, computed once per run
    // of like layers.
    char last_kind = 0;
    bool last_shared = false;
    double term = 0;
    for (int il = 0; il < m.n_layer; ++il) {
        const char k = m.mixer(il);
        const bool shared = m.is_kv_shared(il);
        if (il == 0 || k != last_kind || shared != last_shared) {
            // MiniMax-M3's block-sparse layers ('B'): a decode step of an engine that gathers reads index_topk tokens.
            const int64_t tokens = shared ? 0
                                   : k == 'B' && ubatch < 0 && gathers_top_k(engine) ? std::min<int64_t>(ctx, m.index_topk)
                                   : k == 'A' || k == 'a' || k == 'B' || k == 'P' ? ctx
                                   : k == 'S'             ? swa_tokens
                                   : k == 'X' && images   ? m.cross_attn_tokens
                                                          : 0;
            term = double(tokens) * double(kv_elements_per_token_layer(m, engine, il)) * (k == 'S' ? swa_bits : kv.bits);
            // ...and every token's index key, whatever the cache's format: F32 in llama.cpp (llama-kv-cache.cpp k_idx),
            // BF16 in vLLM (indexer_kv_dtype's default) and SGLang (the model's dtype); ik_llama.cpp runs these layers
            // as dense attention and keeps none (src/graphs/build_minimaxm3.cpp).
            if (k == 'B' && !shared) {
                const double index_bits = engine == Engine::ik_llama_cpp ? 0 : ggml_engine(engine) ? 32 : 16;
                term += double(ctx) * double(m.index_head_dim) * index_bits;
            }
            last_kind = k, last_shared = shared;
        }
        bits += term;
    }
    bits *= double(batch);
    return checked_bytes(std::ceil(bits / 8.0), "the KV cache");
}

int64_t state_bytes(const Model& m, Engine engine, int64_t batch) {
    // llama.cpp keeps the recurrent memory (r: convolution, s: recurrent state) in F32 (llama-model.cpp
    // create_memory: GGML_TYPE_F32 for both); vLLM keeps the convolution in the model's dtype and the recurrent
    // state in mamba_ssm_dtype when the config sets it (Qwen3.5: float32), else the model's dtype.
    const StateElements e = state_elements(m);
    const bool ggml = engine == Engine::llama_cpp || engine == Engine::generic;
    if (m.is_compressed()) {
        // DeepSeek-V4's compressors hold the tokens of a group not yet complete, in FP32 in both engines: a value and a
        // score tensor of (c x ratio) x (c x width) per layer (c = 2 where windows overlap: the sparse layers and their
        // indexer); llama.cpp src/llama-kv-cache-dsv4.cpp llama_dsv4_comp_state, vLLM deepseek_v4/compressor.py.
        auto state = [](int64_t c, int64_t ratio, int64_t width) { return 2 * (c * ratio) * (c * width) * 4; };
        int64_t b = 0;
        for (int il = 0; il < m.n_layer; ++il) {
            if (m.mixer(il) == 'K') b += state(2, m.kv_ratio_sparse, m.head_dim) + state(2, m.kv_ratio_sparse, m.index_head_dim);
            if (m.mixer(il) == 'H') b += state(1, m.kv_ratio_heavy, m.head_dim);
        }
        return checked_bytes(double(b) * double(batch), "the recurrent state");
    }
    const double conv_bits = ggml ? 32 : 16, rec_bits = ggml || m.ssm_state_f32 ? 32 : 16;
    return checked_bytes(std::ceil((double(e.conv) * conv_bits + double(e.recurrent) * rec_bits) * double(batch) / 8.0),
                         "the recurrent state");
}

int64_t apple_gpu_working_set_bytes(int64_t mem_bytes) {
    // macOS caps Metal's recommendedMaxWorkingSetSize at 2/3 of unified memory up to 32 GB and 3/4 from
    // 36 GB up, as llama.cpp's Metal logs show (docs/devices.md); `sudo sysctl iogpu.wired_limit_mb` raises it.
    const double gib = double(mem_bytes) / kBytesPerGiB;
    return static_cast<int64_t>(double(mem_bytes) * (gib <= 32.5 ? 2.0 / 3.0 : 0.75));
}

}  // namespace headroom::detail
