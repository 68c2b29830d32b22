// --device specs: parse_device_spec, then the device evaluated with a small and a large model.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    headroom::Device d;
    try {
        d = headroom::parse_device_spec(text);
    } catch (const headroom::InputError&) {
        return 0;
    } catch (const std::exception& e) {
        headroom_fuzz::finding("parse_device_spec threw a non-InputError exception", e.what());
    }
    headroom::Scenario s;
    s.custom_device = d;
    s.gpu_spec = std::string(text);
    headroom_fuzz::evaluate_checked(s);
    s.model = "deepseek-v3";
    s.gpus = 3;
    headroom_fuzz::evaluate_checked(s);
    s.model = "llama-3.1-70b";
    s.gpus = 1;
    s.mode = headroom::Mode::qlora;
    headroom_fuzz::evaluate_checked(s);
    return 0;
}
