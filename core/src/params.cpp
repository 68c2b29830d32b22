// Parameter counts from the shape. Checked exactly against independently computed counts and
// within rounding of the vendors' figures in tests/test_catalog.cpp.
#include <algorithm>

#include "internal.hpp"

namespace headroom {
namespace {

// DeepSeek-V4's attention (transformers modeling_deepseek_v4.py; the released checkpoint's tensor names in brackets): wq_a
// (d -> q_lora) and q_norm, wq_b (q_lora -> heads x head_dim), wkv (d -> head_dim: the one K=V vector) and kv_norm, wo_a
// (o_groups blocks of heads x head_dim / o_groups -> o_lora), wo_b (o_groups x o_lora -> d), attn_sink per head. A
// compressed layer adds its compressor: wkv and wgate (d -> c x head_dim; c = 2 where the windows overlap, the ratio-4
// layers), ape (ratio x c x head_dim) and a norm; a sparse layer ('K') the indexer: wq_b (q_lora -> index heads x
// index_head_dim), weights_proj (d -> index heads) and a compressor of its own at index_head_dim (overlapping, ratio 4).
int64_t compressed_attention_params(const Model& m, int il) {
    const int64_t d = m.n_embd, H = m.n_head, hd = m.head_dim, ql = m.q_lora_rank;
    int64_t p = d * ql + ql + ql * H * hd + d * hd + hd + H * hd * m.o_lora_rank + int64_t(m.o_groups) * m.o_lora_rank * d + H;
    auto compressor = [&](int64_t width, int64_t ratio, int64_t c) { return 2 * d * c * width + ratio * c * width + width; };
    const char k = m.mixer(il);
    if (k == 'K') {
        const int64_t idim = m.index_head_dim;
        p += compressor(hd, m.kv_ratio_sparse, 2) + ql * m.index_n_heads * idim + d * m.index_n_heads +
             compressor(idim, m.kv_ratio_sparse, 2);
    }
    if (k == 'H') p += compressor(hd, m.kv_ratio_heavy, 1);
    return p;
}

int64_t attention_params(const Model& m, int il) {
    const int64_t d = m.n_embd, H = m.n_head;
    if (m.is_compressed()) return compressed_attention_params(m, il);
    if (m.is_mla()) {
        // DeepSeek-V2/V3 MLA: q_a (d x q_lora) + norm + q_b (q_lora x H*(nope+rope)), kv_a (d x (kv_lora+rope)) + norm,
        // kv_b (kv_lora x H*(nope+v)), o (H*v x d). Source: DeepSeek-V3 inference/model.py class MLA.
        const int64_t qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
        int64_t p = m.q_lora_rank ? d * m.q_lora_rank + m.q_lora_rank + int64_t(m.q_lora_rank) * H * qk : d * H * qk;
        p += d * (m.kv_lora_rank + m.qk_rope_head_dim) + m.kv_lora_rank;
        p += int64_t(m.kv_lora_rank) * H * (m.qk_nope_head_dim + m.v_head_dim);
        p += H * m.v_head_dim * d;
        // The indexer (DeepSeek-V3.2-Exp inference/model.py class Indexer): wq_b (q_lora -> heads x dim), wk
        // (d -> dim), k_norm (LayerNorm: weight and bias), weights_proj (d -> heads).
        if (m.has_indexer(il))
            p += int64_t(m.q_lora_rank) * m.index_n_heads * m.index_head_dim + d * m.index_head_dim + 2 * m.index_head_dim +
                 d * m.index_n_heads;
        return p;
    }
    const int64_t hd = m.head_dim_of(il), q = H * hd, kv = int64_t(m.n_head_kv_of(il)) * hd;
    // Projections of K and V: both; one where K is V (Gemma 4's attention_k_eq_v); none in a KV-shared layer whose
    // checkpoint drops them (Gemma 4: no k_proj, v_proj or k_norm there).
    const bool own_kv = m.kv_shared_weights || !m.is_kv_shared(il);
    const int64_t kv_proj = own_kv ? (m.k_eq_v(il) ? 1 : 2) : 0;
    // Gated attention (Qwen3-Next): q_proj emits the query and a same-sized output gate.
    int64_t p = d * q * (m.attn_output_gate ? 2 : 1) + kv_proj * d * kv + q * d;
    if (m.qkv_bias) p += q + kv_proj * kv;
    if (m.o_bias) p += d;
    if (m.qk_norm) p += (own_kv ? 2 : 1) * hd;
    if (m.attn_sinks) p += H;
    return p;
}

// Gated DeltaNet (transformers modeling_qwen3_next.py Qwen3NextGatedDeltaNet): in_proj_qkvz (d -> 2 keys + 2 values),
// in_proj_ba (d -> 2 per value head), a bias-free depthwise conv over q, k, v, dt_bias and A_log per value head,
// a gated RMSNorm of one value head's width, out_proj (values -> d).
// Kimi Delta Attention (Kimi Linear modeling_kimi.py KimiDeltaAttention): q, k, v projections (d -> kd, kd, vd), a
// bias-free short convolution over each, the low-rank forget gate f_a (d -> head_dim) and f_b (head_dim -> kd) and
// output gate g_a (d -> head_dim) and g_b (head_dim -> vd), b_proj (d -> heads), A_log per head, dt_bias per key
// channel, o_norm of one head's width, o_proj (vd -> d).
int64_t linear_attention_params(const Model& m) {
    const int64_t d = m.n_embd, kd = int64_t(m.lin_n_head_k) * m.lin_head_dim_k, vd = int64_t(m.lin_n_head_v) * m.lin_head_dim_v;
    if (m.lin_kda) {
        const int64_t hd = m.lin_head_dim_k, nh = m.lin_n_head_k;
        return d * (2 * kd + vd) + (2 * kd + vd) * m.conv_kernel + 2 * d * hd + hd * (kd + vd) + d * nh + nh + kd + hd + vd * d;
    }
    return d * (2 * kd + 2 * vd) + d * 2 * m.lin_n_head_v + (2 * kd + vd) * m.conv_kernel + 2 * m.lin_n_head_v + m.lin_head_dim_v +
           vd * d;
}

// Mamba-2 (transformers modeling_nemotron_h.py / modeling_granitemoehybrid.py Mamba2 mixer): in_proj
// (d -> z, x, B, C, dt), a depthwise conv with bias over x, B, C, dt_bias, A_log and D per head, a gated
// RMSNorm over the inner width, out_proj (inner -> d).
int64_t mamba2_params(const Model& m) {
    const int64_t d = m.n_embd, di = int64_t(m.ssm_n_head) * m.ssm_head_dim, gs = int64_t(m.ssm_n_group) * m.ssm_d_state;
    const int64_t conv_dim = di + 2 * gs;
    return d * (2 * di + 2 * gs + m.ssm_n_head) + conv_dim * (m.conv_kernel + 1) + 3 * int64_t(m.ssm_n_head) + (m.ssm_norm ? di : 0) +
           di * d;
}

// Mamba-1 as Jamba has it (llama.cpp src/models/jamba.cpp load_arch_tensors; transformers modeling_jamba.py
// JambaMambaMixer): in_proj (d -> 2 inner), a depthwise conv with bias, x_proj (inner -> dt_rank + 2 d_state), dt_proj
// with bias (dt_rank -> inner), A (d_state x inner), D (inner), out_proj (inner -> d), and Jamba's RMSNorms of dt,
// B and C (dt_rank, d_state, d_state).
int64_t mamba1_params(const Model& m) {
    const int64_t d = m.n_embd, di = m.ssm_d_inner, N = m.ssm_d_state, R = m.ssm_dt_rank;
    return d * 2 * di + di * (m.conv_kernel + 1) + di * (R + 2 * N) + R * di + di + N * di + di + di * d + R + 2 * N;
}

// LFM2 short convolution (transformers modeling_lfm2.py Lfm2ShortConv): in_proj (d -> 3d), a depthwise conv, out_proj.
int64_t short_conv_params(const Model& m) {
    const int64_t d = m.n_embd;
    return 3 * d * d + d * m.conv_kernel + d * d;
}

int64_t mixer_params(const Model& m, int il) {
    switch (m.mixer(il)) {
        case 'A': case 'a': case 'S': case 'K': case 'H': return attention_params(m, il);
        // MiniMax-M3's block-sparse layers: the attention and its indexer (index_q_proj d -> heads x dim, index_k_proj
        // d -> dim, q and k norms of dim; sglang minimax_m3.py, no index value projection in the checkpoint).
        case 'B':
            return attention_params(m, il) + int64_t(m.n_embd) * (int64_t(m.index_n_heads) * m.index_head_dim + m.index_head_dim) +
                   2 * int64_t(m.index_head_dim);
        case 'L': return linear_attention_params(m);
        case 'M': return mamba2_params(m);
        case 'm': return mamba1_params(m);
        case 'P': return attention_params(m, il) + mamba2_params(m);   // Falcon-H1: both mixers read the same input
        // Llama 3.2 Vision's cross-attention (transformers modeling_mllama.py MllamaTextCrossAttention and
        // MllamaCrossAttentionDecoderLayer): q, k, v, o, a q_norm and a k_norm of head_dim, and two tanh gates.
        case 'X': return attention_params(m, il) + 2 * int64_t(m.head_dim) + 2;
        case 'C': return short_conv_params(m);
        default: return 0;
    }
}

int64_t mlp_params(const Model& m, int64_t ff) {
    return (m.ffn_gated ? 3 : 2) * int64_t(m.n_embd) * ff + (m.ffn_bias ? ff + m.n_embd : 0);
}

int64_t expert_params(const Model& m) {
    int64_t p = mlp_params(m, m.n_ff_expert);   // gate, up, down (SwiGLU) or up, down
    if (m.expert_bias) p += 2 * int64_t(m.n_ff_expert) + m.n_embd;
    return p;
}

// Gemma 3n (transformers modeling_gemma3n.py). Outside the layers (Gemma3nTextModel): embed_tokens_per_layer, the
// per-layer embedding table (n_vocab_per_layer x n_layer x p), per_layer_model_projection (d -> n_layer x p) and its
// norm (p), and AltUp's altup_projections and altup_unembed_projections (2 x (n - 1) of d x d).
int64_t per_layer_table_params(const Model& m) { return int64_t(m.n_vocab_per_layer) * m.n_layer * m.n_embd_per_layer; }
int64_t gemma3n_model_params(const Model& m) {
    const int64_t d = m.n_embd, lp = int64_t(m.n_layer) * m.n_embd_per_layer;
    return per_layer_table_params(m) + d * lp + m.n_embd_per_layer + (m.altup_n > 1 ? 2 * int64_t(m.altup_n - 1) * d * d : 0);
}

// In each layer (Gemma3nTextDecoderLayer): per_layer_input_gate (d -> p), per_layer_projection (p -> d) and
// post_per_layer_input_norm (d); Gemma3nTextAltUp: correct_output_scale (d), correction_coefs (n x n), prediction_coefs
// (n x n^2), modality_router (d -> n), router_norm (d); Gemma3nTextLaurelBlock: linear_left (d -> r), linear_right
// (r -> d), post_laurel_norm (d). Its attention's v_norm has no weight.
int64_t gemma3n_layer_params(const Model& m) {
    const int64_t d = m.n_embd, n = m.altup_n, p = m.n_embd_per_layer;
    return (p ? 2 * d * p + d : 0) + (n ? d + n * n + n * n * n + d * n + d : 0) + (m.laurel_rank ? 2 * d * m.laurel_rank + d : 0);
}

// Each term fits int64 for any shape model_from_hf_config accepts; their sum over layers may not, so it is
// summed in double (exact below 2^53) and refused above 10^15 parameters (the largest published: ~10^12).
int64_t count(const Model& m, bool active_only) {
    const int64_t d = m.n_embd;
    // Embeddings, the head unless tied, the final norm (an encoder has none: its LayerNorms are per layer).
    double p = double(int64_t(m.n_vocab) * d + (m.tied_embeddings ? 0 : int64_t(m.n_vocab) * d) + (m.encoder_only ? 0 : d));
    p += double(m.params_extra);
    p += double(gemma3n_model_params(m) + hc_head_params(m));
    for (int il = 0; il < m.n_layer; ++il) {
        p += double(mixer_params(m, il) + int64_t(m.n_norm_per_layer) * d + gemma3n_layer_params(m) + hc_layer_params(m));
        switch (m.ffn(il)) {
            case 'D': p += double(mlp_params(m, m.n_ff_of(il))); break;
            case 'E':
                // DeepSeek-V4's hash-routed layers pick experts from a token-id table: no score bias (its int64 table,
                // vocab x top-k, is not a parameter).
                p += double(d * m.n_expert + (m.router_bias && il >= m.n_layer_hash ? m.n_expert : 0) +
                            (m.router_scales ? d + m.n_expert : 0));
                p += double(active_only ? m.n_expert_used : m.n_expert) * double(expert_params(m));
                p += double(mlp_params(m, m.n_ff_shared) + (m.shared_expert_gate ? d : 0));
                break;
            default: break;
        }
    }
    if (!(p <= 1e15)) detail::fail("model", "too_many_params", {});
    return static_cast<int64_t>(p);
}

}  // namespace

// Hyper-connections (DeepSeek-V4 mHC; checkpoint hc_attn_* / hc_ffn_* per layer, hc_head_* once): before each block a
// (2 + n) x n mixing of the n = hc_mult copies, computed from them (fn: (2 + n) n x n d, base: (2 + n) n, scale: 3); at
// the head one n-way reduction (fn: n x n d, base: n, scale: 1). None when hc_mult is 0 or 1.
int64_t hc_layer_params(const Model& m) {
    const int64_t n = m.hc_mult, mix = (2 + n) * n;
    return n > 1 ? 2 * (mix * n * m.n_embd + mix + 3) : 0;
}
int64_t hc_head_params(const Model& m) {
    const int64_t n = m.hc_mult;
    return n > 1 ? n * n * m.n_embd + n + 1 : 0;
}

namespace detail {
void compressed_layer_kinds(const std::vector<int64_t>& ratios, Model& m, std::string& mixer, std::vector<std::string>& unknown) {
    for (size_t il = 0; il < mixer.size() && il < ratios.size(); ++il) {
        const int64_t r = ratios[il];
        if (r == 0) mixer[il] = 'S';
        else if (r == 4) mixer[il] = 'K', m.kv_ratio_sparse = 4;
        else if (r > 1 && r <= (1 << 20) && (m.kv_ratio_heavy == 0 || m.kv_ratio_heavy == r)) mixer[il] = 'H', m.kv_ratio_heavy = int(r);
        else {
            unknown.push_back("compress_ratios value " + (r < 0 ? std::string("not an integer") : std::to_string(r)) +
                              " (sized as sliding only)");
            mixer[il] = 'S';
        }
    }
}
}  // namespace detail

int64_t params_total(const Model& m) { return count(m, false); }
int64_t params_active(const Model& m) { return count(m, true); }
int64_t params_per_expert(const Model& m) { return m.n_expert > 0 ? expert_params(m) : 0; }
int64_t params_lookup(const Model& m) { return int64_t(m.n_vocab) * m.n_embd + per_layer_table_params(m); }

Model mtp_module(const Model& m) {
    Model one = m;
    one.n_layer = 1;
    one.layer_mixer = m.is_compressed() ? "S" : "A";   // DeepSeek-V4's MTP layer attends over the window only
    one.n_layer_hash = 0;
    one.layer_ffn = std::string(1, m.ffn(m.n_layer - 1));
    one.n_layer_swa = one.n_layer_dense_lead = one.n_layer_kv_shared = 0;
    one.n_embd_per_layer = one.n_vocab_per_layer = one.altup_n = one.laurel_rank = 0;
    one.n_layer_mtp = 0;
    one.params_mtp = 0;
    one.file = nullptr;
    return one;
}

}  // namespace headroom

namespace headroom {

int Model::n_layer_of(char kind) const {
    if (layer_mixer.empty()) {   // the classic layout (mixer()): n_layer_swa sliding layers, then full attention
        const int swa = std::clamp(n_layer_swa, 0, std::max(n_layer, 0));
        return kind == 'S' ? swa : kind == 'A' ? std::max(n_layer, 0) - swa : 0;
    }
    int n = 0;
    for (int il = 0; il < n_layer; ++il) n += mixer(il) == kind;
    return n;
}

// llama.cpp llama_hparams::n_embd_r / n_embd_s, per layer: a Mamba-2 or Gated DeltaNet layer keeps the last
// conv_kernel - 1 inputs of its convolution and a heads x head_dim x d_state recurrent state; a Mamba-1 layer the
// same with no B/C groups (ssm_n_group 0: (d_conv - 1) x d_inner and d_state x d_inner); an LFM2 layer only the
// convolution's inputs (d wide). Falcon-H1's parallel layers ('P') keep a Mamba-2 state each (llama-model.cpp
// create_memory: filter_recr is every layer for LLM_ARCH_FALCON_H1).
StateElements state_elements(const Model& m) {
    StateElements e;
    const int64_t K1 = m.conv_kernel > 0 ? m.conv_kernel - 1 : 0;
    const int64_t n_lin = m.n_layer_of('L'), n_ssm = m.n_layer_of('M') + m.n_layer_of('P'), n_conv = m.n_layer_of('C');
    const int64_t n_m1 = m.n_layer_of('m');
    e.conv += n_m1 * K1 * m.ssm_d_inner;
    e.recurrent += n_m1 * int64_t(m.ssm_d_inner) * m.ssm_d_state;
    const int64_t kd = int64_t(m.lin_n_head_k) * m.lin_head_dim_k, vd = int64_t(m.lin_n_head_v) * m.lin_head_dim_v;
    e.conv += n_lin * K1 * (2 * kd + vd);
    e.recurrent += n_lin * vd * m.lin_head_dim_k;
    const int64_t di = int64_t(m.ssm_n_head) * m.ssm_head_dim, gs = int64_t(m.ssm_n_group) * m.ssm_d_state;
    e.conv += n_ssm * K1 * (di + 2 * gs);
    e.recurrent += n_ssm * di * m.ssm_d_state;
    e.conv += n_conv * K1 * m.n_embd;
    return e;
}

}  // namespace headroom
