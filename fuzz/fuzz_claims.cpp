// Claims JSON (headroom-stream --out): apply_claims, then streaming with the calibrated rates.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    headroom::Scenario s;
    s.model = "llama-3.1-70b";
    s.gpu = "rtx-4090";
    s.placement = headroom::Placement::stream;
    try {
        headroom::apply_claims(s, text);
    } catch (const headroom::InputError&) {
        return 0;
    } catch (const std::exception& e) {
        headroom_fuzz::finding("apply_claims threw a non-InputError exception", e.what());
    }
    headroom_fuzz::evaluate_checked(s);
    s.placement = headroom::Placement::offload;
    headroom_fuzz::evaluate_checked(s);
    return 0;
}
