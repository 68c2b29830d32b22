// The one file that knows headroom's core: catalog ids and config.json -> the decoder's Shape.
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "stream.hpp"

#ifdef HEADROOM_STREAM_WITH_CORE
#include <headroom/catalog.hpp>
#include <headroom/headroom.hpp>
#endif

namespace hrs {

#ifdef HEADROOM_STREAM_WITH_CORE
static Shape from_model(const headroom::Model& m, const std::string& option) {
    if (m.is_moe()) throw ArgError{option, m.id + " is a mixture-of-experts model; the streaming benchmark runs dense Llama-shaped decoders only"};
    if (m.is_mla()) throw ArgError{option, m.id + " uses multi-head latent attention; the streaming benchmark runs dense Llama-shaped decoders only"};
    Shape s;
    s.id = m.id;
    s.n_layer = s.n_layer_model = m.n_layer;
    s.n_embd = m.n_embd;
    s.n_ff = m.n_ff;
    s.n_head = m.n_head;
    s.n_head_kv = m.n_head_kv > 0 ? m.n_head_kv : m.n_head;
    s.head_dim = m.head_dim > 0 ? m.head_dim : (m.n_head > 0 ? m.n_embd / m.n_head : 0);
    s.n_vocab = m.n_vocab;
    return s;
}
#endif

// Minimal reading of a Llama-family config.json, used when the core is not linked and for the
// two fields the core's Model does not carry (rope_theta, rms_norm_eps).
[[maybe_unused]] static Shape from_config_json(const nlohmann::json& j, const std::string& option) {
    auto get = [&](const char* k, int dflt) {
        auto it = j.find(k);
        if (it == j.end() || !it->is_number_integer()) {
            if (dflt >= 0) return dflt;
            throw ArgError{option, std::string("config.json lacks integer field \"") + k + "\""};
        }
        return it->get<int>();
    };
    Shape s;
    s.n_layer = s.n_layer_model = get("num_hidden_layers", -1);
    s.n_embd = get("hidden_size", -1);
    s.n_ff = get("intermediate_size", -1);
    s.n_head = get("num_attention_heads", -1);
    s.n_head_kv = get("num_key_value_heads", s.n_head);
    s.head_dim = get("head_dim", s.n_head > 0 ? s.n_embd / s.n_head : 0);
    s.n_vocab = get("vocab_size", -1);
    return s;
}

Shape load_shape(const std::string& model_id, const std::string& config_path) {
    if (!model_id.empty() && !config_path.empty()) throw ArgError{"--model", "give either --model or --config, not both"};
    if (model_id.empty() && config_path.empty()) throw ArgError{"--model", "a model is required: --model ID (a catalog id) or --config FILE (a config.json)"};
    Shape s;
    if (!model_id.empty()) {
#ifdef HEADROOM_STREAM_WITH_CORE
        const headroom::Model* m = headroom::catalog().find_model(model_id);
        if (!m) throw ArgError{"--model", "unknown model id \"" + model_id + "\" (headroom models lists them)"};
        s = from_model(*m, "--model");
        s.source = "catalog";
#else
        throw ArgError{"--model", "this build has no model catalog (built without headroom's core); use --config FILE"};
#endif
    } else {
        std::ifstream f(config_path);
        if (!f) throw ArgError{"--config", "cannot read " + config_path};
        std::stringstream ss;
        ss << f.rdbuf();
        const std::string text = ss.str();
        nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object()) throw ArgError{"--config", config_path + " is not a JSON object"};
#ifdef HEADROOM_STREAM_WITH_CORE
        try {
            s = from_model(headroom::model_from_hf_config(text, "config"), "--config");
        } catch (const headroom::InputError& e) {
            throw ArgError{"--config", e.field + ": " + e.message};
        }
#else
        s = from_config_json(j, "--config");
#endif
        s.id = j.value("_name_or_path", std::string("config"));
        if (s.id.empty()) s.id = "config";
        s.source = config_path;
        if (j.contains("rope_theta") && j["rope_theta"].is_number()) s.rope_theta = j["rope_theta"].get<float>();
        if (j.contains("rms_norm_eps") && j["rms_norm_eps"].is_number()) s.norm_eps = j["rms_norm_eps"].get<float>();
    }
    validate_shape(s, model_id.empty() ? "--config" : "--model");
    return s;
}

}  // namespace hrs
