// Finding a catalog model from what people type (headroom/suggest.hpp): "did you mean" for the core's
// unknown-model message (the CLI prints it, the page shows it by the field), and the page's model search.
#include "headroom/suggest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "internal.hpp"

namespace headroom {
namespace {

constexpr size_t kMaxTyped = 128;   // longer text is cut before it is compared (the edit distance is |a| x |b|)

std::string clean(std::string_view typed) {
    std::string t = detail::lower(detail::utf8_prefix(typed, kMaxTyped));
    const size_t a = t.find_first_not_of(" \t\r\n"), b = t.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? std::string() : t.substr(a, b - a + 1);
}

// Levenshtein distance (insert, delete, substitute: 1 each), two rows.
int edit_distance(std::string_view a, std::string_view b) {
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = int(j);
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// The family stem: the id without its last '-' part, which is usually the size ("qwen3" of qwen3-7b).
std::string_view stem(std::string_view id) {
    const size_t d = id.rfind('-');
    return d == std::string_view::npos ? id : id.substr(0, d);
}

// A size word, "8b" or "0.6b": its billions; 0 when the word is not one.
double size_word(std::string_view w) {
    if (w.size() < 2 || w.back() != 'b' || !(std::isdigit((unsigned char)w[0]))) return 0;
    double v = 0;
    return detail::parse_number(w.substr(0, w.size() - 1), v) && std::isfinite(v) ? v : 0;
}

// The words of a text: runs of letters, digits and dots ("llama-3.1-8b" -> llama, 3.1, 8b).
std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        auto word_char = [&](size_t k) { return std::isalnum((unsigned char)s[k]) || s[k] == '.'; };
        while (i < s.size() && !word_char(i)) ++i;
        size_t j = i;
        while (j < s.size() && word_char(j)) ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

// The first size word of an id (7 of qwen3-7b, 30 of qwen3-30b-a3b); 0 when none.
double size_in(std::string_view id) {
    for (std::string_view w : words(id))
        if (const double v = size_word(w); v > 0) return v;
    return 0;
}

std::string repo_name(const std::string& repo) {   // "qwen3-8b" of "qwen/qwen3-8b"
    const size_t s = repo.find('/');
    return s == std::string::npos ? repo : repo.substr(s + 1);
}

// Each catalog model's former repository ids (Catalog::renamed_repos), lower case, by the model's index.
std::vector<std::vector<std::string>> former_repos(const Catalog& cat) {
    std::vector<std::vector<std::string>> out(cat.models().size());
    for (const RenamedRepo& r : cat.renamed_repos) out[r.model].push_back(detail::lower(r.repo));
    return out;
}

}  // namespace

std::vector<std::string> suggest_models(std::string_view typed, size_t n) {
    const std::string t = clean(typed);
    if (t.empty() || n == 0) return {};
    const bool as_repo = t.find('/') != std::string::npos;
    const std::string t_name = repo_name(t);
    const double t_size = size_in(as_repo ? t_name : t);
    const int limit = std::max(2, int(t.size() / 4));   // typos: about one in four characters
    struct Near {
        int rank;
        double size_gap;
        size_t order;
        std::string label;
    };
    std::vector<Near> near;
    const Catalog& cat = catalog();
    const std::vector<std::vector<std::string>> former = former_repos(cat);
    const std::vector<Model>& models = cat.models();
    for (size_t i = 0; i < models.size(); ++i) {
        const Model& m = models[i];
        const std::string repo = detail::lower(m.hf_repo);
        const std::string& key = as_repo ? repo : m.id;
        if (key.empty()) continue;
        int d = edit_distance(t, key);
        if (!as_repo && !repo.empty()) d = std::min(d, edit_distance(t, repo_name(repo)));   // "meta-llama-3-8b"
        // One is the beginning of the other: "qwen3" of qwen3-8b, qwen3-8b of "qwen3-8b-instruct".
        const bool prefix = (t.size() >= 3 && key.rfind(t, 0) == 0) || (key.size() < t.size() && t.rfind(key + "-", 0) == 0);
        const bool same_stem = stem(t) == stem(key);
        // A repository derived from a catalog model's (a GGUF, MLX or quantized copy, any owner): its name is the
        // model's name and a suffix, "unsloth/qwen3-8b-gguf" of qwen/qwen3-8b. The longest such name ranks first.
        // The model's former repository names count too (core/data: renamed_from): copies made before a rename keep
        // the old name ("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF"), and so do typos of it.
        size_t derived = 0;   // the length of the longest name the typed one derives from; 0: none
        const auto derive = [&](std::string_view name) {
            if (as_repo && !name.empty() && (t_name == name || (t_name.size() > name.size() && t_name.rfind(name, 0) == 0 && t_name[name.size()] == '-')))
                derived = std::max(derived, name.size());
        };
        derive(repo_name(key));
        for (const std::string& f : former[i]) {
            derive(repo_name(f));
            d = std::min(d, edit_distance(t, as_repo ? f : repo_name(f)));
        }
        // One edit from a whole repo id, current or former ("...-8b-instrct"): as near as a copy with that name, so a
        // shorter name it happens to begin with ("meta-llama-3.1-8b") does not rank before it.
        if (as_repo && d <= 1) derived = std::max(derived, t_name.size() - size_t(std::max(0, d - (same_stem ? 1 : 0))));
        if (!(prefix || derived || same_stem || d <= limit)) continue;
        const double k_size = size_in(as_repo ? repo_name(key) : key);
        const double gap = t_size > 0 && k_size > 0 ? std::fabs(std::log(k_size / t_size)) : 0;
        const int rank = derived ? -int(derived) : prefix ? 0 : std::max(0, d - (same_stem ? 1 : 0));
        near.push_back({rank, gap, i, as_repo ? m.hf_repo : m.id});
    }
    std::sort(near.begin(), near.end(), [](const Near& a, const Near& b) {
        if (a.rank != b.rank) return a.rank < b.rank;
        if (a.size_gap != b.size_gap) return a.size_gap < b.size_gap;
        return a.order < b.order;
    });
    std::vector<std::string> out;
    for (const Near& x : near) {
        if (out.size() == n) break;
        if (std::find(out.begin(), out.end(), x.label) == out.end()) out.push_back(x.label);
    }
    return out;
}

std::vector<const Model*> search_models(std::string_view query, size_t n) {
    const std::string q = clean(query);
    std::vector<std::string> tokens;
    for (size_t i = 0; i < q.size();) {
        const size_t j = q.find_first_of(" \t,", i);
        const std::string tok = q.substr(i, j == std::string::npos ? std::string::npos : j - i);
        if (!tok.empty()) tokens.push_back(tok);
        if (j == std::string::npos) break;
        i = j + 1;
    }
    if (tokens.empty() || n == 0) return {};
    const Catalog& cat = catalog();
    const Model* exact = cat.find_model(q);
    const std::vector<std::vector<std::string>> former = former_repos(cat);
    struct Hit {
        int score;
        const Model* m;
        size_t order;
    };
    std::vector<Hit> hits;
    const std::vector<Model>& models = cat.models();
    for (size_t i = 0; i < models.size(); ++i) {
        const Model& m = models[i];
        std::string text = detail::lower(m.id + " " + m.name + " " + m.family + " " + m.hf_repo);
        for (const std::string& f : former[i]) text += " " + f;   // "meta-llama-3.1" finds the renamed Llama 3.1 repositories
        const auto ws = words(text);
        int score = 0;
        for (const std::string& tok : tokens) {
            // 3: a whole word or the model's size; 2: the beginning of a word; 1: any part ("meta-llama/").
            // A size word matches only a size: "8b" is not in 3.8b, 38b or a8b.
            int s = 0;
            const double size = size_word(tok);
            for (std::string_view w : ws) s = std::max(s, w == tok ? 3 : size == 0 && w.rfind(tok, 0) == 0 ? 2 : 0);
            if (size > 0 && std::fabs(m.params_b_nominal - size) < 1e-6 * size) s = 3;
            if (s == 0 && size == 0 && text.find(tok) != std::string::npos) s = 1;
            if (s == 0) {
                score = 0;
                break;
            }
            score += s;
        }
        if (score > 0) hits.push_back({score + (&m == exact ? 1000 : 0), &m, i});
    }
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.m->release_date != b.m->release_date) return a.m->release_date > b.m->release_date;   // newer first; unknown ("") last
        return a.order < b.order;
    });
    std::vector<const Model*> out;
    for (const Hit& h : hits) {
        if (out.size() == n) break;
        out.push_back(h.m);
    }
    return out;
}

std::string search_models_json(std::string_view query, int top) {
    using ojson = nlohmann::ordered_json;
    const Model* exact = catalog().find_model(clean(query));
    ojson j;
    j["exact"] = exact ? exact->id : "";
    ojson matches = ojson::array();
    for (const Model* m : search_models(query, size_t(std::clamp(top, 1, 500))))
        matches.push_back(ojson{{"id", m->id}, {"name", m->name}, {"family", m->family}, {"hf_repo", m->hf_repo},
                                {"release_date", m->release_date}, {"moe", m->is_moe()}});
    j["matches"] = matches;
    ojson sugg = ojson::array();
    if (matches.empty())
        for (const std::string& s : suggest_models(query)) sugg.push_back(s);
    j["suggestions"] = sugg;
    return j.dump();
}

namespace detail {
namespace {
std::string comma_list(const std::vector<std::string>& ids) {
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ids[i];
    return out;
}
}  // namespace

std::string did_you_mean(std::string_view typed) { return comma_list(suggest_models(typed)); }

// The devices whose id or name holds every word typed (words(); letters and digits compared, alnum_key), as the page's
// device finder matches: "4090" -> rtx-4090, rtx-4090d, ...; "rtx4090 48" -> rtx-4090-48gb-modded; "910b" ->
// ascend-910b-64gb. Else, for a typo, the ids at most 2 edits away. Shortest ids first (the plain card before its
// variants), five at most.
std::string did_you_mean_device(std::string_view typed) {
    const std::string text = clean(typed);
    std::vector<std::string> keys;
    for (std::string_view w : words(text))
        if (std::string k = alnum_key(w); !k.empty()) keys.push_back(std::move(k));
    std::vector<const Device*> near;
    for (const Device& d : catalog().devices()) {
        const std::string id = alnum_key(d.id), name = alnum_key(d.name);
        if (!keys.empty() && std::all_of(keys.begin(), keys.end(), [&](const std::string& k) {
                return id.find(k) != std::string::npos || name.find(k) != std::string::npos;
            }))
            near.push_back(&d);
    }
    if (near.empty())
        for (const Device& d : catalog().devices())
            if (edit_distance(text, d.id) <= 2) near.push_back(&d);
    std::stable_sort(near.begin(), near.end(), [](const Device* a, const Device* b) { return a->id.size() < b->id.size(); });
    std::vector<std::string> ids;
    for (size_t i = 0; i < near.size() && i < 5; ++i) ids.push_back(near[i]->id);
    return comma_list(ids);
}

std::string did_you_mean_api(std::string_view typed) {
    const std::string t = lower(typed);
    const size_t slash = t.find('/');
    const std::string provider = slash == std::string::npos ? std::string() : t.substr(0, slash);
    const std::string name = slash == std::string::npos ? t : t.substr(slash + 1);
    std::vector<std::string> near;
    for (const ApiPrice& a : catalog().apis()) {
        const std::string model = a.id.substr(a.provider.size() + 1);
        if (near.size() < 5 && ((name.size() >= 3 && (model.find(name) != std::string::npos || name.find(model) != std::string::npos)) ||
                                (!provider.empty() && a.provider == provider && near.size() < 3)))
            near.push_back(a.id);
    }
    return comma_list(near);
}
}  // namespace detail

}  // namespace headroom
