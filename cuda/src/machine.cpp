// What the claims were measured on: host, GPU link (from sysfs), disk under the weights file.
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "machine.hpp"

namespace hrs {

static std::string read_line(const std::string& path) {
    std::ifstream f(path);
    std::string s;
    if (f) std::getline(f, s);
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

static int pcie_gen_from_speed(const std::string& s) {   // "16.0 GT/s PCIe"
    double gt = std::atof(s.c_str());
    if (gt >= 60) return 6;
    if (gt >= 30) return 5;
    if (gt >= 15) return 4;
    if (gt >= 7.5) return 3;
    if (gt >= 4.5) return 2;
    if (gt > 0) return 1;
    return 0;
}

// Per-lane payload rate after line coding, GB/s (PCI-SIG: 2.5/5 GT/s 8b/10b, 8+ GT/s 128b/130b).
double pcie_lane_gbps(int gen) {
    switch (gen) {
        case 1: return 0.25;
        case 2: return 0.5;
        case 3: return 0.985;
        case 4: return 1.969;
        case 5: return 3.938;
        case 6: return 7.563;
        default: return 0;
    }
}

nlohmann::json pcie_info(const std::string& bus_id) {
    nlohmann::json j = nlohmann::json::object();
    if (bus_id.empty()) return j;
    std::string dir = "/sys/bus/pci/devices/" + bus_id;
    std::string cs = read_line(dir + "/current_link_speed"), ms = read_line(dir + "/max_link_speed");
    std::string cw = read_line(dir + "/current_link_width"), mw = read_line(dir + "/max_link_width");
    if (cs.empty() && ms.empty()) {
        j["note"] = "no PCIe link attributes in sysfs for " + bus_id;
        return j;
    }
    j["current_link_speed"] = cs;
    j["max_link_speed"] = ms;
    j["gen_current"] = pcie_gen_from_speed(cs);
    j["gen_max"] = pcie_gen_from_speed(ms);
    j["width_current"] = std::atoi(cw.c_str());
    j["width_max"] = std::atoi(mw.c_str());
    // the link trains down when idle: the max is what a copy runs at
    j["theoretical_gbps"] = pcie_lane_gbps(pcie_gen_from_speed(ms)) * std::atoi(mw.c_str());
    return j;
}

nlohmann::json host_info() {
    nlohmann::json j;
    std::ifstream f("/proc/cpuinfo");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("model name", 0) == 0) {
            j["cpu_model"] = line.substr(line.find(':') + 2);
            break;
        }
    j["cpu_threads"] = std::thread::hardware_concurrency();
    j["host_mem_bytes"] = int64_t(sysconf(_SC_PHYS_PAGES)) * int64_t(sysconf(_SC_PAGE_SIZE));
    struct utsname u{};
    if (uname(&u) == 0) j["os"] = std::string(u.sysname) + " " + u.release + " " + u.machine;
    return j;
}

nlohmann::json disk_info(const std::string& file) {
    nlohmann::json j;
    j["weights_file"] = file;
    struct statfs sf{};
    if (statfs(file.c_str(), &sf) == 0) {
        const char* fs = "other";
        switch (static_cast<unsigned long>(sf.f_type)) {
            case 0xEF53: fs = "ext4"; break;
            case 0x58465342: fs = "xfs"; break;
            case 0x01021994: fs = "tmpfs"; break;
            case 0x9123683E: fs = "btrfs"; break;
            case 0x794c7630: fs = "overlayfs"; break;
            case 0x6969: fs = "nfs"; break;
            default: break;
        }
        j["fs_type"] = fs;
    }
    struct stat st{};
    if (stat(file.c_str(), &st) == 0) {
        std::string link = "/sys/dev/block/" + std::to_string(major(st.st_dev)) + ":" + std::to_string(minor(st.st_dev));
        char buf[PATH_MAX];
        if (realpath(link.c_str(), buf)) {
            std::string dev = buf;
            if (!read_line(dev + "/partition").empty()) dev = dev.substr(0, dev.rfind('/'));
            j["block_device"] = dev.substr(dev.rfind('/') + 1);
            std::string model = read_line(dev + "/device/model");
            if (!model.empty()) j["model"] = model;
            std::string rot = read_line(dev + "/queue/rotational");
            if (!rot.empty()) j["rotational"] = rot == "1";
        }
    }
    return j;
}

}  // namespace hrs
