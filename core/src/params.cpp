// Parameter counts from the shape. Checked exactly against independently computed counts and
// within rounding of the vendors' figures in tests/test_catalog.cpp.
#include "internal.hpp"

namespace headroom {
namespace {

int64_t attention_params(const Model& m) {
    const int64_t d = m.n_embd, H = m.n_head;
    if (m.is_mla()) {
        // DeepSeek-V2/V3 MLA: q_a (d x q_lora) + norm + q_b (q_lora x H*(nope+rope)), kv_a (d x (kv_lora+rope)) + norm,
        // kv_b (kv_lora x H*(nope+v)), o (H*v x d). Source: DeepSeek-V3 inference/model.py class MLA.
        const int64_t qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
        int64_t p = m.q_lora_rank ? d * m.q_lora_rank + m.q_lora_rank + int64_t(m.q_lora_rank) * H * qk : d * H * qk;
        p += d * (m.kv_lora_rank + m.qk_rope_head_dim) + m.kv_lora_rank;
        p += int64_t(m.kv_lora_rank) * H * (m.qk_nope_head_dim + m.v_head_dim);
        p += H * m.v_head_dim * d;
        return p;
    }
    const int64_t q = H * m.head_dim, kv = int64_t(m.n_head_kv) * m.head_dim;
    int64_t p = d * q + 2 * d * kv + q * d;
    if (m.qkv_bias) p += q + 2 * kv;
    if (m.o_bias) p += d;
    if (m.qk_norm) p += 2 * m.head_dim;
    if (m.attn_sinks) p += H;
    return p;
}

int64_t expert_params(const Model& m) {
    int64_t p = 3 * int64_t(m.n_embd) * m.n_ff_expert;   // gate, up, down (SwiGLU)
    if (m.expert_bias) p += 2 * int64_t(m.n_ff_expert) + m.n_embd;
    return p;
}

// Each term fits int64 for any shape model_from_hf_config accepts; their sum over layers may not, so it is
// summed in double (exact below 2^53) and refused above 10^15 parameters (the largest published: ~10^12).
int64_t count(const Model& m, bool active_only) {
    const int64_t d = m.n_embd;
    double p = double(int64_t(m.n_vocab) * d + (m.tied_embeddings ? 0 : int64_t(m.n_vocab) * d) + d);  // + final norm
    const int64_t per_layer_fixed = attention_params(m) + int64_t(m.n_norm_per_layer) * d;
    for (int il = 0; il < m.n_layer; ++il) {
        p += double(per_layer_fixed);
        if (!m.is_moe_layer(il)) {
            p += double(3 * d * m.n_ff);
            continue;
        }
        p += double(d * m.n_expert + (m.router_bias ? m.n_expert : 0));
        p += double(active_only ? m.n_expert_used : m.n_expert) * double(expert_params(m));
        p += double(3 * d * m.n_ff_shared);
    }
    if (!(p <= 1e15)) detail::fail("model", "more than 10^15 parameters (the largest published models have about 10^12)");
    return static_cast<int64_t>(p);
}

}  // namespace

int64_t params_total(const Model& m) { return count(m, false); }
int64_t params_active(const Model& m) { return count(m, true); }

}  // namespace headroom
