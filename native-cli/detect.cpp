// detect.cpp — see detect.hpp and docs/detect.md.
#include "detect.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#ifndef _WIN32
#include <glob.h>
#endif

#include "headroom/catalog.hpp"
#include "headroom/scenario.hpp"

namespace headroom {
namespace {

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
        if (!l.empty() && l.back() == '\r') l.pop_back();
        out.push_back(l);
    }
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) { out.push_back(trim(cur)); cur.clear(); }
        else cur += c;
    }
    out.push_back(trim(cur));
    return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

// A leading number ("24564", "24564 MiB", "25753026560"); nullopt-like -1 when there is none.
double leading_number(std::string_view s) {
    std::string t = trim(s);
    if (t.empty() || !(std::isdigit(static_cast<unsigned char>(t[0])))) return -1;
    try {
        return std::stod(t);
    } catch (...) {
        return -1;
    }
}

std::string fmt(double v, int decimals = 1) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", decimals, v);
    std::string s = b;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s;
}

// ---- names -> catalog ids ----

// Words that say who made the part, not which part it is (dropped on both sides before comparing).
const std::set<std::string> kBrandWords = {"nvidia", "geforce", "amd", "ati", "radeon", "intel", "apple", "tesla",
                                           "corporation", "corp", "inc", "graphics", "gpu", "tm", "r", "advanced",
                                           "micro", "devices", "co", "ltd"};

bool is_memory_token(const std::string& t) {   // "24gb", "80gb", "16g": the size, compared as a number instead
    size_t i = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    return i > 0 && (t.substr(i) == "gb" || t.substr(i) == "g" || t.substr(i) == "gib");
}

// The words that name the part: lower case, punctuation as spaces, brand and memory words and memory types
// (HBM3 in "NVIDIA H100 80GB HBM3") dropped. Parentheses are left to the caller.
std::vector<std::string> name_tokens(const std::string& name) {
    std::string s;
    for (char c : lower(name)) s += std::isalnum(static_cast<unsigned char>(c)) ? c : ' ';
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string t; in >> t;) {
        if (kBrandWords.count(t) || is_memory_token(t) || starts_with(t, "hbm")) continue;
        out.push_back(t);
    }
    return out;
}

std::string outside_parens(const std::string& s) {
    std::string out;
    int depth = 0;
    for (char c : s) {
        if (c == '(') ++depth;
        else if (c == ')') depth = std::max(0, depth - 1);
        else if (depth == 0) out += c;
    }
    return out;
}

std::string inside_parens(const std::string& s) {
    size_t a = s.find('('), b = s.rfind(')');
    return a != std::string::npos && b != std::string::npos && b > a ? s.substr(a + 1, b - a - 1) : "";
}

// nvidia-smi names the SXM parts without saying so ("NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB" does):
// an SXM word on either side is not compared. PCIe and NVL parts always say so.
std::vector<std::string> without_sxm(std::vector<std::string> t) {
    t.erase(std::remove_if(t.begin(), t.end(), [](const std::string& w) { return starts_with(w, "sxm"); }), t.end());
    return t;
}

std::string vendor_text(Vendor v) { return std::string(to_string(v)); }

bool name_matches(const std::vector<std::string>& seen, bool truncated, const Device& d) {
    auto test = [&](std::vector<std::string> cat) {
        if (cat.empty()) return false;
        if (truncated) return cat.size() >= seen.size() && std::equal(seen.begin(), seen.end(), cat.begin());
        std::vector<std::string> a = without_sxm(seen), b = without_sxm(cat);
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        return !a.empty() && a == b;
    };
    if (test(name_tokens(outside_parens(d.name)))) return true;
    // The catalog's parentheses may hold the name a tool prints: "NVIDIA DGX Spark (GB10, 128GB)".
    const std::string alt = split(inside_parens(d.name), ',')[0];
    return !truncated && test(name_tokens(alt));
}

// Memory a tool reports sits a little under the "GB" on the box (ECC, reserved pages: an A10G's 24 GiB reads
// 23028 MiB, a T4's 16 GiB 15360 MiB), never above it: accept 90%..103% of the catalog's mem_gib.
bool memory_fits(double seen_gib, const Device& d) {
    if (seen_gib <= 0) return true;
    const double r = seen_gib / d.mem_gib();
    if (d.vendor == Vendor::apple) return std::abs(r - 1) < 0.005;   // hw.memsize is the whole unified memory
    return r >= 0.90 && r <= 1.03;
}

struct Match {
    const Device* device = nullptr;
    std::vector<const Device*> by_name;   // every catalog entry the name fits, before memory
    bool ambiguous = false;
};

// "Radeon RX 7900 XT/7900 XTX" -> both names; "Radeon 880M / 890M" -> "Radeon 880M", "Radeon 890M".
std::vector<std::string> alternatives(const std::string& name) {
    std::vector<std::string> parts = split(name, '/');
    if (parts.size() < 2) return {name};
    std::string prefix;   // the first alternative's words before its first word with a digit
    std::istringstream in(parts[0]);
    for (std::string w; in >> w;) {
        if (std::any_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) break;
        prefix += w + " ";
    }
    std::vector<std::string> out{parts[0]};
    for (size_t i = 1; i < parts.size(); ++i)
        out.push_back(starts_with(lower(parts[i]), lower(trim(prefix))) ? parts[i] : prefix + parts[i]);
    return out;
}

Match match_catalog(const std::vector<std::string>& names, Vendor vendor, double mem_gib) {
    Match m;
    for (const std::string& raw : names)
        for (const std::string& name : alternatives(raw)) {
            std::string n = trim(name);
            bool truncated = false;
            if (n.size() >= 3 && n.compare(n.size() - 3, 3, "...") == 0) {
                truncated = true;   // nvidia-smi's table cuts long names: "NVIDIA GeForce RTX 4070 ..."
                n = trim(n.substr(0, n.size() - 3));
            }
            const std::vector<std::string> t = name_tokens(n);
            if (t.empty()) continue;
            for (const Device& d : catalog().devices())
                if (d.vendor == vendor && name_matches(t, truncated, d) &&
                    std::find(m.by_name.begin(), m.by_name.end(), &d) == m.by_name.end())
                    m.by_name.push_back(&d);
        }
    double best = 1e9;
    for (const Device* d : m.by_name) {
        if (!memory_fits(mem_gib, *d)) continue;
        const double dist = mem_gib > 0 ? std::abs(std::log(mem_gib / d->mem_gib())) : 0;
        if (dist < best - 1e-9) {
            best = dist;
            m.device = d;
            m.ambiguous = false;
        } else if (std::abs(dist - best) <= 1e-9) {
            m.ambiguous = true;
        }
    }
    if (m.ambiguous) m.device = nullptr;
    return m;
}

// Catalog devices the CPU's name names: CPU hosts (vendor cpu: "AMD EPYC 9374F (Genoa) + 384GB DDR5-4800 (...)")
// and APUs with unified memory ("AMD Ryzen AI Max+ 395 (Radeon 8060S, 128GB)"). The words of the part before
// " + ", outside parentheses, must all be in lscpu's model name; "2x" in front is a two-socket server.
struct CpuMatch {
    std::vector<const Device*> by_name;   // the CPU is right, the memory may not be
    const Device* device = nullptr;
};

CpuMatch match_cpu(const std::string& cpu_name, int sockets, double total_gib, bool apu) {
    CpuMatch m;
    std::vector<std::string> have = name_tokens(cpu_name);
    std::sort(have.begin(), have.end());
    for (const Device& d : catalog().devices()) {
        const bool is_apu = d.unified_memory && d.vendor != Vendor::cpu && d.vendor != Vendor::apple && d.vendor != Vendor::nvidia;
        if (apu ? !is_apu : d.vendor != Vendor::cpu) continue;
        std::string part = outside_parens(d.name);
        if (const size_t plus = part.find(" + "); plus != std::string::npos) part = part.substr(0, plus);
        std::vector<std::string> want = name_tokens(part);
        int dev_sockets = 1;
        if (!want.empty() && want[0] == "2x") {
            dev_sockets = 2;
            want.erase(want.begin());
        }
        std::sort(want.begin(), want.end());
        if (want.empty() || dev_sockets != std::max(1, sockets) || !std::includes(have.begin(), have.end(), want.begin(), want.end()))
            continue;
        m.by_name.push_back(&d);
    }
    double best = 1e9;
    bool tie = false;
    for (const Device* d : m.by_name) {
        if (total_gib <= 0 || !memory_fits(total_gib, *d)) continue;
        const double dist = std::abs(std::log(total_gib / d->mem_gib()));
        if (dist < best - 1e-9) { best = dist; m.device = d; tie = false; }
        else if (std::abs(dist - best) <= 1e-9) tie = true;
    }
    if (tie) m.device = nullptr;
    return m;
}

std::string ids_with_memory(const std::vector<const Device*>& ds) {
    std::string s;
    for (const Device* d : ds) s += (s.empty() ? "" : ", ") + d->id + " (" + fmt(d->mem_gib(), 0) + " GiB)";
    return s;
}

// ---- probe parsers ----

struct RawGpu {
    std::vector<std::string> names;   // the first is the one shown
    Vendor vendor = Vendor::nvidia;
    double mem_gib = 0;
    std::string source, bus;
    bool integrated = false;
};

// nvidia-smi: the --query-gpu CSV (name first, memory in MiB next), or the default table as people paste it.
std::vector<RawGpu> parse_nvidia_smi(const std::string& text) {
    std::vector<RawGpu> out;
    const std::vector<std::string> ls = lines_of(text);
    bool table = false;
    for (const std::string& l : ls)
        if (contains(l, "NVIDIA-SMI") || starts_with(trim(l), "|")) table = true;
    if (!table) {
        for (const std::string& l : ls) {
            const std::vector<std::string> f = split(l, ',');
            if (f.size() < 2 || f[0].empty() || starts_with(lower(f[0]), "name")) continue;
            RawGpu g;
            g.names = {f[0]};
            g.mem_gib = std::max(0.0, leading_number(f[1])) / 1024;
            if (f.size() > 2) g.bus = f[2];
            g.source = "nvidia-smi";
            out.push_back(g);
        }
        return out;
    }
    // Table: "|   0  NVIDIA GeForce RTX 5090        On  |   00000000:01:00.0  On |  N/A |" then
    // "|  0%   33C  P8  12W / 600W |   23245MiB /  32607MiB |  1%  Default |".
    for (size_t i = 0; i < ls.size(); ++i) {
        const std::vector<std::string> cells = split(ls[i], '|');
        if (cells.size() < 4 || cells[1].empty() || !std::isdigit(static_cast<unsigned char>(cells[1][0]))) continue;
        std::string c = cells[1];
        size_t k = 0;
        while (k < c.size() && std::isdigit(static_cast<unsigned char>(c[k]))) ++k;
        if (k == c.size() || !std::isspace(static_cast<unsigned char>(c[k]))) continue;
        std::string name = trim(c.substr(k));
        for (const char* pm : {" On", " Off"})   // the Persistence-M column
            if (name.size() > std::string(pm).size() && name.compare(name.size() - std::string(pm).size(), std::string::npos, pm) == 0)
                name = trim(name.substr(0, name.size() - std::string(pm).size()));
        if (name.empty() || !contains(cells[2], ":")) continue;
        RawGpu g;
        g.names = {name};
        g.bus = trim(split(cells[2], ' ')[0]);
        g.source = "nvidia-smi";
        if (i + 1 < ls.size()) {
            const std::vector<std::string> next = split(ls[i + 1], '|');
            if (next.size() > 2) {
                const size_t slash = next[2].find('/');
                if (slash != std::string::npos) g.mem_gib = std::max(0.0, leading_number(next[2].substr(slash + 1))) / 1024;
            }
        }
        out.push_back(g);
    }
    return out;
}

bool is_hex_id(const std::string& s) { return starts_with(lower(s), "0x"); }

// rocm-smi --showproductname --showmeminfo vram: --csv, --json or the text form.
std::vector<RawGpu> parse_rocm_smi(const std::string& text) {
    struct Card { std::string series, model; double vram_bytes = 0; };
    std::vector<std::pair<std::string, Card>> cards;   // in order
    auto card = [&](const std::string& key) -> Card& {
        for (auto& c : cards)
            if (c.first == key) return c.second;
        cards.emplace_back(key, Card{});
        return cards.back().second;
    };
    auto take = [&](Card& c, const std::string& k, const std::string& v) {
        const std::string key = lower(trim(k));
        if (key == "card series") c.series = trim(v);
        else if (key == "card model") c.model = trim(v);
        else if (key == "vram total memory (b)") c.vram_bytes = std::max(0.0, leading_number(v));
    };
    const std::string t = trim(text);
    if (starts_with(t, "{")) {
        const nlohmann::ordered_json j = nlohmann::ordered_json::parse(t, nullptr, false);
        if (j.is_object())
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (!starts_with(it.key(), "card") || !it.value().is_object()) continue;
                Card& c = card(it.key());
                for (auto f = it.value().begin(); f != it.value().end(); ++f)
                    if (f.value().is_string()) take(c, f.key(), f.value().get<std::string>());
            }
    } else {
        std::vector<std::string> header;
        for (const std::string& l : lines_of(text)) {
            if (starts_with(l, "device,")) { header = split(l, ','); continue; }
            if (!header.empty() && starts_with(l, "card")) {
                const std::vector<std::string> f = split(l, ',');   // names with commas are not expected here
                Card& c = card(f[0]);
                for (size_t i = 1; i < f.size() && i < header.size(); ++i) take(c, header[i], f[i]);
                continue;
            }
            // "GPU[0]		: Card series: 		Navi 31 [Radeon RX 7900 XTX]"
            if (!starts_with(l, "GPU[")) continue;
            const size_t close = l.find(']'), colon = l.find(':');
            if (close == std::string::npos || colon == std::string::npos) continue;
            const std::string rest = l.substr(colon + 1);
            const size_t c2 = rest.find(':');
            if (c2 == std::string::npos) continue;
            take(card("GPU" + l.substr(4, close - 4)), rest.substr(0, c2), rest.substr(c2 + 1));
        }
    }
    std::vector<RawGpu> out;
    for (const auto& [key, c] : cards) {
        RawGpu g;
        g.vendor = Vendor::amd;
        g.source = "rocm-smi";
        // "Navi 31 [Radeon RX 7900 XTX]": the bracket is the product; a bare hex id names nothing.
        const size_t a = c.series.find('['), b = c.series.rfind(']');
        if (a != std::string::npos && b != std::string::npos && b > a) g.names.push_back(c.series.substr(a + 1, b - a - 1));
        if (!c.series.empty() && !is_hex_id(c.series)) g.names.push_back(c.series);
        if (!c.model.empty() && !is_hex_id(c.model)) g.names.push_back(c.model);
        if (g.names.empty()) g.names.push_back("AMD GPU " + (c.series.empty() ? c.model : c.series));   // ids only
        if (g.names.empty() || g.names[0].empty()) continue;
        g.mem_gib = c.vram_bytes / kBytesPerGiB;
        out.push_back(g);
    }
    return out;
}

// Integrated GPUs by their PCI names: Intel's at 00:02.0, AMD's APU graphics (Radeon 780M, "Radeon Graphics",
// the APU code names). A discrete AMD part is a Navi, Vega 10/20, Arcturus or Aldebaran.
bool amd_integrated_name(const std::string& n) {
    const std::string l = lower(n);
    for (const char* w : {"phoenix", "rembrandt", "renoir", "cezanne", "lucienne", "picasso", "raven", "barcelo",
                          "mendocino", "raphael", "granite ridge", "strix", "hawk point", "krackan", "radeon graphics",
                          "vega mobile", "van gogh"})
        if (contains(l, w)) return true;
    // "Radeon 780M", "Radeon 890M": a model number ending in M right after "Radeon"
    for (size_t p = l.find("radeon "); p != std::string::npos; p = l.find("radeon ", p + 1)) {
        size_t i = p + 7, k = i;
        while (k < l.size() && std::isdigit(static_cast<unsigned char>(l[k]))) ++k;
        if (k > i && k < l.size() && l[k] == 'm') return true;
    }
    return false;
}

// lspci: "00:02.0 VGA compatible controller: Intel Corporation Raptor Lake-P [Iris Xe Graphics] (rev 04)".
std::vector<RawGpu> parse_lspci(const std::string& text) {
    std::vector<RawGpu> out;
    for (const std::string& l : lines_of(text)) {
        size_t cls = std::string::npos;
        for (const char* c : {"VGA compatible controller", "3D controller", "Display controller"})
            if (contains(l, c)) cls = l.find(c);
        if (cls == std::string::npos) continue;
        const size_t colon = l.find(": ", cls);
        if (colon == std::string::npos) continue;
        std::string desc = trim(l.substr(colon + 2));
        if (const size_t rev = desc.find(" (rev "); rev != std::string::npos) desc = desc.substr(0, rev);
        if (const size_t ids = desc.find(" [10de:"); ids != std::string::npos) desc = desc.substr(0, ids);
        if (const size_t ids = desc.find(" [1002:"); ids != std::string::npos) desc = desc.substr(0, ids);
        if (const size_t ids = desc.find(" [8086:"); ids != std::string::npos) desc = desc.substr(0, ids);
        RawGpu g;
        g.source = "lspci";
        g.bus = trim(l.substr(0, l.find(' ')));
        const std::string ld = lower(desc);
        if (starts_with(ld, "nvidia")) g.vendor = Vendor::nvidia;
        else if (starts_with(ld, "advanced micro devices") || starts_with(ld, "amd")) g.vendor = Vendor::amd;
        else if (starts_with(ld, "intel")) g.vendor = Vendor::intel;
        else continue;   // a BMC's ASPEED or Matrox: not a GPU for this
        g.names = {desc};
        const size_t a = desc.find('['), b = desc.find(']', a == std::string::npos ? 0 : a);
        // "Advanced Micro Devices, Inc. [AMD/ATI] Navi 31 [Radeon RX 7900 XT/7900 XTX]": the last bracket
        const size_t la = desc.rfind('['), lb = desc.rfind(']');
        if (la != std::string::npos && lb != std::string::npos && lb > la && lower(desc.substr(la, lb - la)) != "[amd/ati")
            g.names.push_back(desc.substr(la + 1, lb - la - 1));
        (void)a;
        (void)b;
        g.integrated = (g.vendor == Vendor::intel && (g.bus == "00:02.0" || g.bus == "0000:00:02.0")) ||
                       (g.vendor == Vendor::amd && amd_integrated_name(desc));
        out.push_back(g);
    }
    return out;
}

// sysfs "path=value" lines -> per card: vendor id and VRAM bytes.
struct SysfsCard { std::string card, vendor, device; double vram_bytes = 0; };
std::vector<SysfsCard> parse_sysfs(const std::string& text) {
    std::vector<SysfsCard> out;
    for (const std::string& l : lines_of(text)) {
        const size_t eq = l.find('=');
        if (eq == std::string::npos) continue;
        const std::string path = trim(l.substr(0, eq)), value = trim(l.substr(eq + 1));
        const size_t c = path.find("/card");
        if (c == std::string::npos) continue;
        const std::string card = path.substr(c + 1, path.find('/', c + 1) - c - 1);
        auto it = std::find_if(out.begin(), out.end(), [&](const SysfsCard& s) { return s.card == card; });
        if (it == out.end()) { out.push_back({card, "", "", 0}); it = out.end() - 1; }
        const std::string file = path.substr(path.rfind('/') + 1);
        if (file == "vendor") it->vendor = lower(value);
        else if (file == "device") it->device = lower(value);
        else if (file == "mem_info_vram_total") it->vram_bytes = std::max(0.0, leading_number(value));
    }
    for (SysfsCard& c : out)   // mem_info_vram_* are amdgpu's own attributes
        if (c.vendor.empty() && c.vram_bytes > 0) c.vendor = "0x1002";
    return out;
}

// "key: value" or "key = value" lines (sysctl, /proc/meminfo, lscpu); -n output is values alone, in the order asked.
std::string field(const std::string& text, const std::string& key) {
    for (const std::string& l : lines_of(text)) {
        const std::string t = trim(l);
        if (!starts_with(t, key)) continue;
        const std::string rest = trim(t.substr(key.size()));
        if (!rest.empty() && (rest[0] == ':' || rest[0] == '=')) return trim(rest.substr(1));
    }
    return "";
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
    return s;
}

// Probe text as valid UTF-8 (a byte that is not becomes '?'): names go into JSON, which must be UTF-8.
std::string utf8(const std::string& in) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size();) {
        const unsigned char c = static_cast<unsigned char>(in[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = n > 0 && i + n <= in.size() && !(n == 2 && c < 0xC2);
        for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(in[i + k]) >> 6) == 0x2;
        if (ok && c != 0) out.append(in, i, n);
        else out += '?';
        i += ok ? n : 1;
    }
    return out;
}

std::string mem_text(const RawGpu& g) {
    if (g.mem_gib <= 0) return "memory not reported";
    return fmt(g.mem_gib * 1024, 0) + " MiB (" + fmt(g.mem_gib, 1) + " GiB)";
}

}  // namespace

Detected detect(const Probes& raw) {
    Probes p = raw;
    for (std::string* t : {&p.nvidia_smi, &p.rocm_smi, &p.lspci, &p.sysfs, &p.sysctl, &p.system_profiler, &p.meminfo, &p.lscpu}) *t = utf8(*t);
    Detected d;

    // CPU and RAM.
    const bool mac = !p.sysctl.empty();
    std::string brand = field(p.sysctl, "machdep.cpu.brand_string");
    double memsize = leading_number(field(p.sysctl, "hw.memsize"));
    if (mac && brand.empty()) {   // `sysctl -n` prints the values alone, brand first
        const std::vector<std::string> ls = lines_of(p.sysctl);
        if (!ls.empty() && leading_number(ls[0]) < 0) brand = trim(ls[0]);
        if (ls.size() > 1) memsize = leading_number(ls[1]);
    }
    d.cpu_name = field(p.lscpu, "Model name");
    if (d.cpu_name == "-") {   // Arm boards: lscpu prints "Model name: -" and the chip under "Model:"
        const std::string model = field(p.lscpu, "Model");
        d.cpu_name = leading_number(model) < 0 && !model.empty() ? model : "";
    }
    if (d.cpu_name.empty()) d.cpu_name = brand;
    if (!d.cpu_name.empty()) d.found.push_back("CPU: " + d.cpu_name + (brand.empty() ? "  [lscpu]" : "  [sysctl]"));
    const double memtotal_kb = leading_number(field(p.meminfo, "MemTotal"));
    if (memtotal_kb > 0) {
        d.ram_gib = memtotal_kb / (1024.0 * 1024.0);
        d.found.push_back("RAM: " + fmt(d.ram_gib, 1) + " GiB (MemTotal " + fmt(memtotal_kb, 0) + " kB)  [/proc/meminfo]");
        d.assumed.push_back("RAM is /proc/meminfo's MemTotal: what the kernel can use, a little under the installed size");
    } else if (memsize > 0) {
        d.ram_gib = memsize / kBytesPerGiB;
        d.found.push_back("RAM: " + fmt(d.ram_gib, 1) + " GiB (hw.memsize " + fmt(memsize, 0) + " bytes)  [sysctl]");
    } else {
        d.assumed.push_back("RAM not read (no /proc/meminfo or sysctl): headroom's default host RAM applies; give --host ram_gib=");
    }

    // GPUs: the vendor tools are authoritative for their own cards; lspci adds iGPUs and cards no tool reported.
    std::vector<RawGpu> gpus = parse_nvidia_smi(p.nvidia_smi);
    for (RawGpu& g : parse_rocm_smi(p.rocm_smi)) {
        g.integrated = amd_integrated_name(g.names[0]) || (g.names.size() > 1 && amd_integrated_name(g.names[1]));
        gpus.push_back(g);
    }
    const bool have_nv = !parse_nvidia_smi(p.nvidia_smi).empty(), have_amd = !parse_rocm_smi(p.rocm_smi).empty();
    std::vector<SysfsCard> sys = parse_sysfs(p.sysfs);
    for (RawGpu& g : parse_lspci(p.lspci)) {
        if (g.vendor == Vendor::nvidia && have_nv && !g.integrated) continue;   // nvidia-smi listed it
        if (g.vendor == Vendor::amd && have_amd && !g.integrated) continue;     // rocm-smi listed it
        gpus.push_back(g);
    }
    // sysfs alone (no rocm-smi, no lspci): AMD and Intel cards with their own VRAM.
    if (!have_amd && p.lspci.empty())
        for (const SysfsCard& c : sys) {
            if (c.vendor != "0x1002" && c.vendor != "0x8086") continue;
            RawGpu g;
            g.vendor = c.vendor == "0x1002" ? Vendor::amd : Vendor::intel;
            g.names = {std::string(g.vendor == Vendor::amd ? "AMD GPU " : "Intel GPU ") + (c.device.empty() ? "" : c.device + " ") +
                       "(" + c.card + ")"};
            g.mem_gib = c.vram_bytes / kBytesPerGiB;
            g.source = "sysfs";
            // An APU's carve-out is small by default; a card without VRAM of its own is integrated.
            g.integrated = c.vram_bytes < 4 * kBytesPerGiB;
            gpus.push_back(g);
        }
    if (mac && starts_with(brand, "Apple M")) {
        RawGpu g;
        g.vendor = Vendor::apple;
        g.names = {brand};
        g.mem_gib = memsize > 0 ? memsize / kBytesPerGiB : 0;
        g.source = "sysctl";
        gpus.push_back(g);
    }

    // An APU's GPU is the CPU's: the CPU's name may be a catalog APU, whose memory is all the RAM: MemTotal plus
    // the carve-out the iGPU reports as its own VRAM (rocm-smi, sysfs). On such a CPU an unnamed AMD card in sysfs
    // is that iGPU, however large its carve-out.
    const int sockets = std::max(1, int(leading_number(field(p.lscpu, "Socket(s)"))));
    const bool apu_cpu = !d.cpu_name.empty() && !match_cpu(d.cpu_name, sockets, 0, true).by_name.empty();
    for (RawGpu& g : gpus)
        if (apu_cpu && g.source == "sysfs" && g.vendor == Vendor::amd) g.integrated = true;
    bool any_discrete = false;   // a discrete GPU a vendor tool reported (one lspci alone saw is not used)
    for (const RawGpu& g : gpus) any_discrete = any_discrete || (!g.integrated && g.source != "lspci");
    double carve_gib = 0;
    bool carve_seen = false;
    for (const RawGpu& g : gpus)
        if (g.integrated && g.vendor == Vendor::amd && g.mem_gib > 0) {
            carve_gib += g.mem_gib;
            carve_seen = true;
        }
    CpuMatch apu;
    if (!any_discrete && apu_cpu) {
        apu = match_cpu(d.cpu_name, sockets, d.ram_gib + carve_gib, true);
        // Without the carve-out, MemTotal may leave out most of the memory (a 96 GiB carve-out on a 128 GiB
        // machine leaves 31 GiB, which looks like the 32 GiB model): no id then.
        if (!carve_seen) apu.device = nullptr;
    }
    bool apu_seen = false;

    int index = 0;
    for (const RawGpu& g : gpus) {
        SeenGpu s;
        s.name = g.names[0];
        s.vendor = vendor_text(g.vendor);
        s.mem_gib = g.mem_gib;
        s.source = g.source;
        s.integrated = g.integrated;
        std::string line = "GPU " + std::to_string(index++) + ": " + s.name + ", " +
                           (g.vendor == Vendor::apple ? "unified memory " + fmt(g.mem_gib, 0) + " GiB" : mem_text(g)) + "  [" +
                           g.source + (g.bus.empty() ? "" : " " + g.bus) + "]";
        if (g.integrated && apu.device && g.vendor == Vendor::amd && !apu_seen) {
            apu_seen = true;
            s.id = apu.device->id;
            s.used = true;
            line += " -> " + s.id + " (the APU's GPU)";
        } else if (g.integrated) {
            line += " -> integrated, not used";
            d.assumed.push_back(s.name + " is an integrated GPU: " +
                                (any_discrete ? "the discrete GPU runs the model, the iGPU is left out"
                                              : "not used (its memory is the system RAM; the CPU placement applies)"));
        } else if (g.source == "lspci") {
            line += " -> not used";
            d.assumed.push_back(s.name + " is seen on the PCI bus but no vendor tool reported it (" +
                                (g.vendor == Vendor::nvidia ? "nvidia-smi" : g.vendor == Vendor::amd ? "rocm-smi" : "no tool") +
                                " did not answer: driver not loaded?); it is left out, give --gpu to use it");
        } else {
            s.used = true;
            const Match m = match_catalog(g.names, g.vendor, g.mem_gib);
            if (m.device) {
                s.id = m.device->id;
                line += " -> " + s.id;
                if (contains(s.name, "...") )
                    d.assumed.push_back("'" + s.name + "' is cut short by nvidia-smi's table: of the catalog's " +
                                        std::to_string(m.by_name.size()) + " devices it could be, only " + s.id +
                                        " has its memory");
                if (g.mem_gib <= 0)
                    d.assumed.push_back(s.name + ": memory not reported; " + s.id + " assumed by name alone (" +
                                        fmt(m.device->mem_gib(), 0) + " GiB)");
                if (g.vendor == Vendor::apple) {
                    // "Apple M4 Pro (64GB, 16-core GPU)": the catalog's core count, against system_profiler's.
                    // system_profiler prints "Total Number of Cores: 40" under the GPU; some reports relabel it.
                    std::string cores = field(p.system_profiler, "Total Number of Cores");
                    if (cores.empty()) cores = field(p.system_profiler, "Total Number of GPU Cores");
                    const std::string paren = inside_parens(m.device->name);
                    const size_t k = paren.find("-core GPU");
                    std::string cat_cores;
                    if (k != std::string::npos) {
                        size_t b = k;
                        while (b > 0 && std::isdigit(static_cast<unsigned char>(paren[b - 1]))) --b;
                        cat_cores = paren.substr(b, k - b);
                    }
                    if (cores.empty())
                        d.assumed.push_back(s.id + " chosen by chip and memory; its GPU core count (" + m.device->name +
                                            ") is the catalog's, not read from this Mac");
                    else if (!cat_cores.empty() && cores != cat_cores)
                        d.assumed.push_back("this " + s.name + " has " + cores + " GPU cores, the catalog's " + s.id + " " +
                                            cat_cores + "-core part: the catalog has no " + cores + "-core entry at this memory, so its figures "
                                            "(bandwidth, compute) are the " + cat_cores + "-core part's");
                }
            } else {
                std::string why;
                if (m.ambiguous) {
                    std::vector<std::string> ids;
                    for (const Device* c : m.by_name)
                        if (memory_fits(g.mem_gib, *c)) ids.push_back(c->id);
                    why = "it fits more than one catalog device (" + join(ids, ", ") + "): give --gpu";
                } else if (!m.by_name.empty()) {
                    std::vector<std::string> ids;
                    for (const Device* c : m.by_name) ids.push_back(c->id + " " + fmt(c->mem_gib(), 0) + " GiB");
                    why = "its name matches " + join(ids, ", ") + " but not its memory (" + fmt(g.mem_gib, 1) + " GiB: " +
                          (contains(s.name, "...") ? "the name is cut short by nvidia-smi's table, and no catalog part it could be has this memory"
                                                   : "a memory-modded or unlisted variant") + ")";
                } else {
                    why = "no catalog device has this name";
                }
                line += " -> no catalog id";
                d.assumed.push_back(s.name + ": " + why + "; described with --gpu-spec instead, never as a nearby id");
            }
        }
        d.found.push_back(line);
        d.seen.push_back(s);
    }

    if (apu.device) {
        if (!apu_seen) {   // lscpu named the APU; no probe listed its GPU
            SeenGpu s;
            s.name = d.cpu_name;
            s.vendor = vendor_text(apu.device->vendor);
            s.source = "lscpu";
            s.id = apu.device->id;
            s.integrated = s.used = true;
            d.found.push_back("GPU: integrated in the " + d.cpu_name + " -> " + s.id + "  [lscpu]");
            d.seen.push_back(s);
        }
        d.assumed.push_back(apu.device->id + ": an APU, chosen by CPU name and memory (MemTotal " + fmt(d.ram_gib, 1) + " GiB" +
                            (carve_gib > 0 ? " + " + fmt(carve_gib, 1) + " GiB the iGPU reserves" : "") +
                            "); the GPU's share of that memory is a BIOS/driver setting: headroom's default share for it applies, --gpu-share sets it");
    } else if (!apu.by_name.empty()) {
        d.assumed.push_back("the CPU is the APU of the catalog's " + ids_with_memory(apu.by_name) + ", but " +
                            (carve_seen ? "the memory seen (" + fmt(d.ram_gib + carve_gib, 1) + " GiB: MemTotal plus the iGPU's carve-out) fits none"
                                        : "the iGPU's carve-out was not read (no rocm-smi or amdgpu sysfs), and MemTotal (" +
                                              fmt(d.ram_gib, 1) + " GiB) leaves it out") +
                            ": give --gpu with this machine's size");
    }

    // --gpu / --gpus / --gpu-spec.
    std::vector<const SeenGpu*> used, unmatched;
    for (const SeenGpu& s : d.seen)
        if (s.used) (s.id.empty() ? unmatched : used).push_back(&s);
    if (!used.empty()) {
        for (const SeenGpu* s : used) d.gpu_ids.push_back(s->id);
        const bool same = std::all_of(used.begin(), used.end(), [&](const SeenGpu* s) { return s->id == used[0]->id; });
        if (same) {
            d.gpu_arg = used[0]->id;
            d.gpus = int(used.size());
        } else {
            d.gpu_arg = join(d.gpu_ids, "+");
            d.gpus = 1;
            d.assumed.push_back("different GPUs in one machine: --gpu lists each, joined with '+'");
        }
        for (const SeenGpu* s : unmatched)
            d.assumed.push_back(s->name + " is left out of --gpu: it has no catalog id, and --gpu-spec describes one device kind");
    } else if (!unmatched.empty()) {
        const SeenGpu& s = *unmatched[0];
        int n = 0;
        for (const SeenGpu* u : unmatched)
            if (u->name == s.name && std::abs(u->mem_gib - s.mem_gib) < 0.01) ++n;
        std::string name;
        for (char c : s.name)
            if (c != ',' && c != '=') name += c;
        d.gpu_spec = "vendor=" + s.vendor + (s.mem_gib > 0 ? ",mem_gib=" + fmt(s.mem_gib, 1) : "") + ",name=" + name.substr(0, 64);
        d.gpu_spec_needs_bw = true;
        d.gpus = n;
        d.assumed.push_back("--gpu-spec needs the memory bandwidth too, which no probe reads: add bw_gbps=<GB/s from the vendor's "
                            "spec sheet>" + std::string(s.mem_gib > 0 ? "" : " and mem_gib=<GiB>"));
        if (n < int(unmatched.size()))
            d.assumed.push_back("only the " + std::to_string(n) + " GPU(s) like " + s.name + " are described; the others are left out");
    } else {
        d.cpu_only = true;
        d.found.push_back(std::string("GPU: none that can run a model") +
                          (p.nvidia_smi.empty() && p.rocm_smi.empty() && !mac ? " (no nvidia-smi or rocm-smi output)" : ""));
        d.assumed.push_back("no GPU to use: the CPU placement applies (the model runs from system RAM)");
    }

    // Host RAM bandwidth: unified memory (Apple, an APU) is the GPU's; a catalog CPU host with this CPU, socket count
    // and RAM size; else headroom's default, said.
    const Device* unified = nullptr;
    for (const SeenGpu& s : d.seen)
        if (!s.id.empty())
            if (const Device* dev = catalog().find_device(s.id); dev && dev->unified_memory) unified = dev;
    CpuMatch host;
    if (!unified && !d.cpu_name.empty()) host = match_cpu(d.cpu_name, sockets, d.ram_gib, false);
    if (host.device) {
        d.cpu_device = host.device->id;
        d.found.push_back("CPU host: " + host.device->name + " -> " + host.device->id + "  [catalog, by CPU name, sockets and RAM]");
    } else if (!host.by_name.empty()) {
        d.assumed.push_back("the catalog's CPU hosts with this CPU are " + ids_with_memory(host.by_name) + "; " +
                            (d.ram_gib > 0 ? "this machine's RAM (" + fmt(d.ram_gib, 1) + " GiB) fits none"
                                           : "the RAM was not read, so which one this is") +
                            ": their memory bandwidth is not assumed here");
    }
    if (unified) {
        d.ram_bw_gbps = unified->mem_bw_gbps;
        d.ram_bw_source = "the catalog's " + unified->id + " (unified memory)";
    } else if (host.device) {
        d.ram_bw_gbps = host.device->mem_bw_gbps;
        d.ram_bw_source = "the catalog's " + host.device->id;
        d.assumed.push_back("RAM bandwidth " + fmt(d.ram_bw_gbps, 0) + " GB/s: the catalog's " + host.device->id +
                            ", whose DIMMs and channels are its own; this machine's are not read");
    } else {
        d.ram_bw_gbps = HostSpec{}.ram_bw_gbps;
        d.ram_bw_source = "headroom's default";
        d.assumed.push_back("RAM bandwidth not measured: headroom's default host bandwidth " + fmt(d.ram_bw_gbps, 0) +
                            " GB/s kept; give --host ram_bw_gbps= for this machine");
    }

    // One line per assumption, even when two GPUs gave the same one.
    std::vector<std::string> unique;
    for (const std::string& a : d.assumed)
        if (std::find(unique.begin(), unique.end(), a) == unique.end()) unique.push_back(a);
    d.assumed = unique;

    if (d.ram_gib > 0) d.host_arg = "ram_gib=" + fmt(d.ram_gib, 1) + ",ram_bw_gbps=" + fmt(d.ram_bw_gbps, 1);
    if (d.cpu_only && !d.cpu_device.empty()) {   // a catalog CPU host is the device: its RAM is the memory
        d.options.push_back({"gpu", d.cpu_device});
        d.options.push_back({"placement", "cpu"});
        return d;
    }
    if (!d.gpu_arg.empty()) {
        d.options.push_back({"gpu", d.gpu_arg});
        d.options.push_back({"gpus", std::to_string(d.gpus)});
    } else if (!d.gpu_spec.empty()) {
        d.options.push_back({"gpu-spec", d.gpu_spec});
        d.options.push_back({"gpus", std::to_string(d.gpus)});
    }
    if (!d.host_arg.empty()) d.options.push_back({"host", d.host_arg});
    if (d.cpu_only) d.options.push_back({"placement", "cpu"});
    return d;
}

std::string describe(const Detected& d) {
    std::ostringstream o;
    o << "found:\n";
    for (const std::string& l : d.found) o << "  " << l << "\n";
    o << "assumed:\n";
    for (const std::string& l : d.assumed) o << "  - " << l << "\n";
    if (d.cpu_only) o << "No GPU found: headroom sizes this machine for the CPU placement (system RAM).\n";
    o << "options:";
    if (d.options.empty()) o << " (none: give --gpu and --host yourself)";
    for (const auto& [k, v] : d.options) {
        const bool quote = v.find_first_of(" ()") != std::string::npos;
        o << " --" << k << " " << (quote ? "\"" + v + "\"" : v);
    }
    o << "\n";
    if (d.gpu_spec_needs_bw) o << "(add bw_gbps=... to --gpu-spec before using it)\n";
    return o.str();
}

nlohmann::ordered_json to_json(const Detected& d) {
    nlohmann::ordered_json j;
    j["gpu"] = d.gpu_arg;
    j["gpus"] = d.gpus;
    j["gpu_ids"] = d.gpu_ids;
    if (!d.gpu_spec.empty()) {
        j["gpu_spec"] = d.gpu_spec;
        j["gpu_spec_needs_bw"] = d.gpu_spec_needs_bw;
    }
    j["host"] = d.host_arg;
    j["cpu_only"] = d.cpu_only;
    j["cpu_device"] = d.cpu_device;
    j["cpu_name"] = d.cpu_name;
    j["ram_gib"] = d.ram_gib;
    j["ram_bw_gbps"] = d.ram_bw_gbps;
    j["ram_bw_source"] = d.ram_bw_source;
    nlohmann::ordered_json seen = nlohmann::ordered_json::array();
    for (const SeenGpu& s : d.seen)
        seen.push_back({{"name", s.name}, {"vendor", s.vendor}, {"mem_gib", s.mem_gib}, {"source", s.source},
                        {"id", s.id}, {"integrated", s.integrated}, {"used", s.used}});
    j["seen"] = seen;
    j["found"] = d.found;
    j["assumed"] = d.assumed;
    nlohmann::ordered_json opts = nlohmann::ordered_json::object();
    for (const auto& [k, v] : d.options) opts[k] = v;
    j["options"] = opts;
    return j;
}

// ---- reading this machine ----

namespace {

#ifndef _WIN32
// A tool's stdout, or "" when it is not installed or fails. `timeout` bounds a driver that hangs.
std::string run(const std::string& tool, const std::string& args) {
    const std::string cmd = "command -v " + tool + " >/dev/null 2>&1 && { if command -v timeout >/dev/null 2>&1; then timeout 20 " +
                            tool + " " + args + "; else " + tool + " " + args + "; fi; } 2>/dev/null";
    FILE* f = popen(cmd.c_str(), "r");
    if (!f) return "";
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && out.size() < (1u << 20)) out.append(buf, n);
    const int rc = pclose(f);
    return rc == 0 ? out : "";
}
#endif

std::string read_small_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return "";
    std::string s;
    char buf[4096];
    while (f.read(buf, sizeof buf) || f.gcount() > 0) {
        s.append(buf, size_t(f.gcount()));
        if (s.size() > (1u << 20)) break;
    }
    return s;
}

}  // namespace

Probes read_this_machine() {
    Probes p;
#ifndef _WIN32
    p.nvidia_smi = run("nvidia-smi", "--query-gpu=name,memory.total,pci.bus_id --format=csv,noheader,nounits");
    p.rocm_smi = run("rocm-smi", "--showproductname --showmeminfo vram --csv");
    p.lspci = run("lspci", "");
#ifdef __APPLE__
    p.sysctl = run("sysctl", "machdep.cpu.brand_string hw.memsize");
    p.system_profiler = run("system_profiler", "SPDisplaysDataType");
#endif
    p.meminfo = read_small_file("/proc/meminfo");
    p.lscpu = run("lscpu", "");
    glob_t g{};
    if (glob("/sys/class/drm/card*/device", 0, nullptr, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; ++i)
            for (const char* file : {"vendor", "device", "mem_info_vram_total"}) {
                if (contains(std::string(g.gl_pathv[i]).substr(15), "-")) continue;   // card0-DP-1: a connector
                const std::string path = std::string(g.gl_pathv[i]) + "/" + file;
                const std::string v = trim(read_small_file(path));
                if (!v.empty()) p.sysfs += path + "=" + v + "\n";
            }
    }
    globfree(&g);
#endif
    return p;
}

}  // namespace headroom
