// headroom-bench: the core's floors. One scenario's evaluate, and sizing the whole catalog
// (every model x every weight format x 4 contexts x every device) on one core.
#include <chrono>
#include <cstdio>

#include "headroom/headroom.hpp"

using namespace headroom;
using clk = std::chrono::steady_clock;

int main() {
    const Catalog& cat = catalog();   // parse the embedded catalog once, outside the timings
    volatile int64_t sink = 0;

    // 1. One scenario, repeated: the default (Llama-3.1-8B Q4_K_M on an RTX 4090) and a hard one.
    for (const char* label : {"default", "deepseek-v3 on 1x rtx-3060 (auto: offload search)"}) {
        Scenario s;
        if (label[0] == 'd' && label[1] == 'e' && label[2] == 'e') {
            s.model = "deepseek-v3";
            s.gpu = "rtx-3060-12gb";
        }
        // Sizing, placement, speed and cost; then with the inverse answers (max_ctx, max_batch, min_gpus: ~35 more sizings).
        for (const Depth inv : {Depth::sweep, Depth::full}) {
            const int n = inv == Depth::sweep ? 200000 : 2000;
            auto t0 = clk::now();
            for (int i = 0; i < n; ++i) sink += evaluate(s, inv).memory.total_bytes;
            const double us = std::chrono::duration<double, std::micro>(clk::now() - t0).count() / n;
            std::printf("evaluate %-50s %8.3f us/scenario%s\n", label, us, inv == Depth::full ? " (with the inverse answers)" : "");
        }
    }

    // 2. Recommendation sweeps, as the page runs them live.
    for (const auto& [label, what] : {std::pair{"recommend hardware for llama-3.1-70b", RecommendFor::model},
                                      std::pair{"recommend models for rtx-4090", RecommendFor::device}}) {
        Scenario s;
        if (what == RecommendFor::model) s.model = "llama-3.1-70b";
        const int n = 20;
        auto t0 = clk::now();
        for (int i = 0; i < n; ++i) sink += int64_t(recommend(s, what).size());
        std::printf("%-59s %8.2f ms/sweep\n", label, std::chrono::duration<double, std::milli>(clk::now() - t0).count() / n);
    }

    // 3. The whole catalog sweep.
    const int64_t ctxs[] = {4096, 8192, 32768, 131072};
    int64_t count = 0;
    auto t0 = clk::now();
    for (const Model& m : cat.models())
        for (const WeightFormat& f : cat.weight_formats)
            for (int64_t ctx : ctxs)
                for (const Device& d : cat.devices()) {
                    Scenario s;
                    s.model = m.id;
                    s.quant = f.id;
                    s.ctx = ctx;
                    s.gpu = d.id;
                    sink += evaluate(s, Depth::sweep).fit.headroom_bytes;
                    ++count;
                }
    const double sec = std::chrono::duration<double>(clk::now() - t0).count();
    std::printf("sweep    %lld scenarios (%zu models x %zu formats x 4 contexts x %zu devices): %.3f s, %.3f us/scenario\n",
                (long long)count, cat.models().size(), cat.weight_formats.size(), cat.devices().size(), sec, sec * 1e6 / double(count));
    std::printf("         250,000 scenarios at this rate: %.3f s\n", sec / double(count) * 250000);
    return sink == 42 ? 1 : 0;
}
