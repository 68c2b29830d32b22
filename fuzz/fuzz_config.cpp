// config.json import: model_from_hf_config, then the model evaluated on a card and streamed.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    headroom::Model m;
    try {
        m = headroom::model_from_hf_config(text, "fuzz");
    } catch (const headroom::InputError&) {
        return 0;
    } catch (const std::exception& e) {
        headroom_fuzz::finding("model_from_hf_config threw a non-InputError exception", e.what());
    }
    headroom::Scenario s;
    s.model = "custom";
    s.custom_model = m;
    s.custom_model_origin = "config";
    headroom_fuzz::evaluate_checked(s);
    s.placement = headroom::Placement::stream;
    s.ctx = 131072;
    s.batch = 4;
    headroom_fuzz::evaluate_checked(s);
    return 0;
}
