// The benchmark: links first, then copy-only, compute-only and end-to-end per placement.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "stream.hpp"

namespace hrs {

struct Options {
    std::string backend = "cpu", model, config, weights_file, out;
    int layers = 0;                 // 0: all of the model's layers
    int tokens = 16;
    int slots = 0;                  // 0: 3 when the budget allows, else 2
    std::vector<std::string> placements = {"resident", "stream", "stream-serial", "pageable", "disk"};
    int64_t gpu_mem_budget = 0;     // bytes, 0: none
    Quant quant = Quant::f16;
    uint64_t seed = 1;
    bool quiet = false;
    bool help = false;
};

// Throws ArgError for bad argv (exit 2).
Options parse_args(int argc, char** argv);
int64_t parse_size(const std::string& s);   // "4GiB", "512MB", "1e9"; -1 when malformed
std::string usage();

// Runs everything and writes opt.out. Returns the exit code: 0 when the run completed and
// correctness held, 1 otherwise (reason on stderr). Throws ArgError for infeasible input.
int run_benchmark(const Options& opt);

}  // namespace hrs
