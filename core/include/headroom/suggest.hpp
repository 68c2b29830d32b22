// headroom/suggest.hpp — finding a catalog model from what people type: "did you mean" for an unknown
// id, and the page's model search (by id, name, family, Hugging Face repo id and size).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "headroom/catalog.hpp"

namespace headroom {

// Up to n catalog models nearest to an id that is not one, nearest first: edit distance on lowercase,
// the same family stem ("qwen3-" of qwen3-7b) before others, then the nearer size. As typed: ids, or repo
// ids when the text has a '/'. Empty when nothing is near.
std::vector<std::string> suggest_models(std::string_view typed, size_t n = 3);

// The catalog models a search finds, best first, at most n. Every word of the query must match the model:
// a word of its id, name, family or repo (equal, or its beginning), a part of them ("meta-llama/"), or its
// size ("8b" finds the models of 8B; "30b a3b" finds Qwen3-30B-A3B). Ties: the newer release first.
std::vector<const Model*> search_models(std::string_view query, size_t n = 20);

// For the page (wasm): {"exact": id or "", "matches": [{id, name, family, hf_repo, release_date, moe}],
// "suggestions": [did you mean, when nothing matches]}. Never throws.
std::string search_models_json(std::string_view query, int top);

}  // namespace headroom
