// The engine's own cache of imported models: the imported geometry, groups and decoded
// textures, zstd-compressed, keyed by the XXH3 hash of the model file's content and
// checked against the hashes of every file the import read (buffers, textures).
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scene/city_model.h"
#include "scene/geometry.h"

namespace ts::io {

// A model as Assimp gave it, before placement: model-space vertices (buildingId is the
// group index), triangles contiguous per group.
struct ImportedModel {
  struct Group {
    std::string name;
    uint32_t firstIndex = 0, indexCount = 0;
  };
  std::vector<scene::SceneVertex> vertices;
  std::vector<uint32_t> indices;
  std::vector<Group> groups;
  std::vector<scene::TexturedRange> textured;
  std::vector<scene::Texture> textures;
  std::vector<std::string> warnings;
  // Every file the import read, with its content hash, to validate a cached copy.
  std::vector<std::pair<std::filesystem::path, uint64_t>> dependencies;
};

uint64_t hashFile(const std::filesystem::path& path, bool* ok = nullptr);

// The default cache folder: $XDG_CACHE_HOME/twinscape or ~/.cache/twinscape.
std::filesystem::path defaultCacheDir();

// A cached import of `model` (whose content hash is `key`), if one exists and every
// dependency, found relative to this model's folder, still hashes the same.
std::optional<ImportedModel> readModelCache(const std::filesystem::path& cacheDir, const std::filesystem::path& model,
                                            uint64_t key);
// The same from an entry's bytes (what readModelCache reads from the cache folder):
// nothing when they are damaged, whatever they hold.
std::optional<ImportedModel> parseModelCacheEntry(const std::vector<uint8_t>& entry, const std::filesystem::path& model,
                                                  uint64_t key);
// Stores an import of `model`; its dependencies are kept relative to the model's folder.
// Failures only log (the cache is an optimisation).
void writeModelCache(const std::filesystem::path& cacheDir, uint64_t key, const ImportedModel& m,
                     const std::filesystem::path& model);

// Any other cached bytes (a placed model's spatial index), zstd-compressed under `name`.
std::optional<std::vector<uint8_t>> readCacheBlob(const std::filesystem::path& cacheDir, const std::string& name);
void writeCacheBlob(const std::filesystem::path& cacheDir, const std::string& name, const std::vector<uint8_t>& bytes);

}  // namespace ts::io
