// Machine facts for the claims file (best effort: a missing fact is absent, never guessed).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace hrs {
nlohmann::json host_info();
nlohmann::json pcie_info(const std::string& pci_bus_id);   // "0000:17:00.0"
nlohmann::json disk_info(const std::string& file);
double pcie_lane_gbps(int gen);
}  // namespace hrs
