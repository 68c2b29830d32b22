// headroom-stream: measures what streaming a decoder's weights over PCIe (or from disk) costs.
#include <cstdio>
#include <exception>

#include "bench.hpp"

int main(int argc, char** argv) {
    try {
        hrs::Options opt = hrs::parse_args(argc, argv);
        if (opt.help) {
            std::fputs(hrs::usage().c_str(), stdout);
            return 0;
        }
        return hrs::run_benchmark(opt);
    } catch (const hrs::ArgError& e) {
        std::fprintf(stderr, "headroom-stream: %s: %s\n", e.option.c_str(), e.message.c_str());
        std::fprintf(stderr, "run headroom-stream --help for the options\n");
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "headroom-stream: error: %s\n", e.what());
        return 1;
    }
}
