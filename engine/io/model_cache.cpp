#include "io/model_cache.h"

#include <spdlog/spdlog.h>
#include <xxhash.h>
#include <zstd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <future>

namespace ts::io {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kMagic = 0x4d435354;  // "TSCM"
constexpr uint32_t kVersion = 1;         // single-frame blobs
// Model entries: metadata, vertices, indices frames. 3: dependencies relative to the
// model's folder (2 kept absolute paths, so a copy of the folder was checked at the
// original's files).
constexpr uint32_t kModelVersion = 3;

struct Writer {
  std::vector<uint8_t> out;
  void bytes(const void* p, size_t n) { out.insert(out.end(), (const uint8_t*)p, (const uint8_t*)p + n); }
  template <class T>
  void pod(const T& v) {
    bytes(&v, sizeof v);
  }
  void str(const std::string& s) {
    pod(uint64_t(s.size()));
    bytes(s.data(), s.size());
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    pod(uint64_t(v.size()));
    bytes(v.data(), v.size() * sizeof(T));
  }
};

struct Reader {
  const uint8_t* p;
  const uint8_t* end;
  bool ok = true;
  void bytes(void* dst, size_t n) {
    if (size_t(end - p) < n) {
      ok = false;
      return;
    }
    std::memcpy(dst, p, n);
    p += n;
  }
  template <class T>
  T pod() {
    T v{};
    bytes(&v, sizeof v);
    return v;
  }
  std::string str() {
    uint64_t n = pod<uint64_t>();
    if (!ok || n > uint64_t(end - p)) return ok = false, std::string();
    std::string s((const char*)p, n);
    p += n;
    return s;
  }
  template <class T>
  std::vector<T> vec() {
    uint64_t n = pod<uint64_t>();
    if (!ok || n > uint64_t(end - p) / sizeof(T)) return ok = false, std::vector<T>();
    std::vector<T> v(n);
    if (n) std::memcpy(v.data(), p, n * sizeof(T));  // not aligned for T: copy bytes (never to an empty vector's null)
    p += n * sizeof(T);
    return v;
  }
};

fs::path entryPath(const fs::path& dir, uint64_t key) {
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.tsm", (unsigned long long)key);
  return dir / name;
}

// Written to a temporary name and renamed, so a reader never sees half an entry.
bool writeFile(const fs::path& target, const std::vector<uint8_t>& bytes) {
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  fs::path tmp = target;
  tmp += ".part";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write((const char*)bytes.data(), std::streamsize(bytes.size()));
    if (!out) {
      spdlog::debug("model cache: cannot write {}", tmp.string());
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, target, ec);
  return !ec;
}

std::optional<std::vector<uint8_t>> readFile(const fs::path& source) {
  std::ifstream in(source, std::ios::binary);
  if (!in) return std::nullopt;
  std::error_code ec;
  std::vector<uint8_t> bytes(size_t(fs::file_size(source, ec)));
  if (ec || !in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()))) return std::nullopt;
  return bytes;
}

// Whether a zstd frame of `packed` bytes can hold the `raw` bytes an entry claims, checked
// before allocating them: its header must say the same size, and zstd decodes at most
// 128 KiB per block and spends at least 4 bytes on one, so a frame holds at most 32768
// times its own size. A damaged entry claiming gigabytes is refused, not allocated.
bool plausibleFrame(const uint8_t* frame, uint64_t packed, uint64_t raw) {
  if (raw == 0) return true;
  return ZSTD_getFrameContentSize(frame, packed) == raw && raw / 32768 <= packed;
}

// [magic, version, raw size] then one zstd frame.
bool writeCompressed(const fs::path& target, const std::vector<uint8_t>& raw) {
  std::vector<uint8_t> packed(ZSTD_compressBound(raw.size()) + 16);
  uint32_t header[2] = {kMagic, kVersion};
  std::memcpy(packed.data(), header, 8);
  uint64_t rawSize = raw.size();
  std::memcpy(packed.data() + 8, &rawSize, 8);
  size_t n = ZSTD_compress(packed.data() + 16, packed.size() - 16, raw.data(), raw.size(), 1);
  if (ZSTD_isError(n)) return false;
  packed.resize(16 + n);
  return writeFile(target, packed);
}

std::optional<std::vector<uint8_t>> readCompressed(const fs::path& source) {
  auto file = readFile(source);
  if (!file || file->size() < 16) return std::nullopt;
  const std::vector<uint8_t>& packed = *file;
  uint32_t header[2];
  uint64_t rawSize;
  std::memcpy(header, packed.data(), 8);
  std::memcpy(&rawSize, packed.data() + 8, 8);
  if (header[0] != kMagic || header[1] != kVersion || rawSize > (1ull << 34) ||
      !plausibleFrame(packed.data() + 16, packed.size() - 16, rawSize))
    return std::nullopt;
  std::vector<uint8_t> raw(rawSize);
  size_t n = ZSTD_decompress(raw.data(), raw.size(), packed.data() + 16, packed.size() - 16);
  if (ZSTD_isError(n) || n != rawSize) return std::nullopt;
  return raw;
}

// One zstd frame of a model entry: where it lies in the file and its sizes.
struct Section {
  const uint8_t* data;
  uint64_t raw, packed;
};

// The entry's three frames (metadata, vertices, indices), checked against the file's size.
std::optional<std::array<Section, 3>> findSections(const std::vector<uint8_t>& file) {
  if (file.size() < 8) return std::nullopt;
  uint32_t header[2];
  std::memcpy(header, file.data(), 8);
  if (header[0] != kMagic || header[1] != kModelVersion) return std::nullopt;
  std::array<Section, 3> sections;
  size_t at = 8;
  for (Section& sec : sections) {
    if (file.size() - at < 16) return std::nullopt;
    uint64_t sizes[2];
    std::memcpy(sizes, file.data() + at, 16);
    at += 16;
    if (sizes[1] > file.size() - at || sizes[0] > (1ull << 34) || !plausibleFrame(file.data() + at, sizes[1], sizes[0]))
      return std::nullopt;
    sec = {file.data() + at, sizes[0], sizes[1]};
    at += sizes[1];
  }
  if (sections[1].raw % sizeof(scene::SceneVertex) || sections[2].raw % sizeof(uint32_t)) return std::nullopt;
  return sections;
}

bool unpack(const Section& sec, void* dst) {
  size_t n = ZSTD_decompress(dst, sec.raw, sec.data, sec.packed);
  return !ZSTD_isError(n) && n == sec.raw;
}

// A dependency as the entry keeps it: relative to the model's folder, so that the same
// model content in another folder is checked against its own buffers and textures there
// (the cache key is the model's content, wherever it lies). Absolute only where no
// relative path exists (another root).
fs::path storedDependency(const fs::path& dependency, const fs::path& model) {
  fs::path rel = fs::absolute(dependency)
                     .lexically_normal()
                     .lexically_relative(fs::absolute(model).lexically_normal().parent_path());
  return rel.empty() ? dependency : rel;
}

// The files the entry was made from, each with its hash, found beside this `model`; false
// when one changed or is missing there (or the metadata ends early). The model itself is
// not hashed again: its hash is the key.
bool readDependencies(Reader& r, const fs::path& model, uint64_t key, ImportedModel& m) {
  uint64_t deps = r.pod<uint64_t>();
  for (uint64_t i = 0; r.ok && i < deps; ++i) {
    fs::path p = r.str();
    if (p.is_relative()) p = model.parent_path() / p;
    uint64_t h = r.pod<uint64_t>();
    if (!r.ok) return false;
    std::error_code ec;
    bool isModel = fs::equivalent(p, model, ec);                // already hashed: it is the key
    if (!isModel && !fs::is_regular_file(p, ec)) return false;  // gone, or a device a damaged entry names
    bool exists = true;
    if (isModel ? h != key : (hashFile(p, &exists) != h || !exists)) return false;  // a buffer or texture changed
    m.dependencies.emplace_back(p, h);
  }
  return true;
}

// Groups, textured ranges, textures and warnings, as writeModelCache wrote them.
void readContents(Reader& r, ImportedModel& m) {
  uint64_t groups = r.pod<uint64_t>();
  for (uint64_t i = 0; r.ok && i < groups; ++i) {
    ImportedModel::Group g;
    g.name = r.str();
    g.firstIndex = r.pod<uint32_t>();
    g.indexCount = r.pod<uint32_t>();
    m.groups.push_back(std::move(g));
  }
  m.textured = r.vec<scene::TexturedRange>();
  uint64_t textures = r.pod<uint64_t>();
  for (uint64_t i = 0; r.ok && i < textures; ++i) {
    scene::Texture t;
    t.name = r.str();
    t.width = r.pod<uint32_t>();
    t.height = r.pod<uint32_t>();
    t.rgba = r.vec<uint8_t>();
    m.textures.push_back(std::move(t));
  }
  uint64_t warnings = r.pod<uint64_t>();
  for (uint64_t i = 0; r.ok && i < warnings; ++i) m.warnings.push_back(r.str());
}

// A damaged cache entry must never reach the renderer: every reference is checked.
// Returns what is wrong, or nullptr.
const char* findDamage(const ImportedModel& m) {
  for (uint32_t i : m.indices)
    if (i >= m.vertices.size()) return "an index points past the vertices";
  for (const auto& g : m.groups)
    if (uint64_t(g.firstIndex) + g.indexCount > m.indices.size()) return "a building's triangles run past the indices";
  for (const auto& t : m.textured)
    if (uint64_t(t.firstIndex) + t.indexCount > m.indices.size() || t.texture >= m.textures.size())
      return "a textured range is out of bounds";
  for (const auto& t : m.textures)
    if (t.rgba.size() != size_t(t.width) * t.height * 4) return "a texture's pixels do not match its size";
  return nullptr;
}

}  // namespace

uint64_t hashFile(const fs::path& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  if (ok) *ok = bool(in);
  if (!in) return 0;
  XXH3_state_t* st = XXH3_createState();
  XXH3_64bits_reset(st);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), std::streamsize(buf.size()));
    XXH3_64bits_update(st, buf.data(), size_t(in.gcount()));
  }
  uint64_t h = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  return h;
}

fs::path defaultCacheDir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "twinscape";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache" / "twinscape";
  return fs::temp_directory_path() / "twinscape-cache";
}

void writeModelCache(const fs::path& dir, uint64_t key, const ImportedModel& m, const fs::path& model) {
  Writer w;
  w.pod(uint64_t(m.dependencies.size()));
  for (const auto& [p, h] : m.dependencies) {
    w.str(storedDependency(p, model).string());
    w.pod(h);
  }
  w.pod(uint64_t(m.groups.size()));
  for (const auto& g : m.groups) {
    w.str(g.name);
    w.pod(g.firstIndex);
    w.pod(g.indexCount);
  }
  w.vec(m.textured);
  w.pod(uint64_t(m.textures.size()));
  for (const auto& t : m.textures) {
    w.str(t.name);
    w.pod(t.width);
    w.pod(t.height);
    w.vec(t.rgba);
  }
  w.pod(uint64_t(m.warnings.size()));
  for (const auto& s : m.warnings) w.str(s);

  // Three frames: the small metadata, then vertices and indices on their own so a
  // reader can decompress them straight into their arrays, in parallel.
  std::vector<uint8_t> file;
  auto section = [&](const void* data, size_t size) {
    std::vector<uint8_t> packed(ZSTD_compressBound(size));
    size_t n = ZSTD_compress(packed.data(), packed.size(), data, size, 1);
    if (ZSTD_isError(n)) return false;
    uint64_t sizes[2] = {size, n};
    file.insert(file.end(), (const uint8_t*)sizes, (const uint8_t*)sizes + 16);
    file.insert(file.end(), packed.begin(), packed.begin() + std::ptrdiff_t(n));
    return true;
  };
  uint32_t header[2] = {kMagic, kModelVersion};
  file.insert(file.end(), (const uint8_t*)header, (const uint8_t*)header + 8);
  if (!section(w.out.data(), w.out.size()) ||
      !section(m.vertices.data(), m.vertices.size() * sizeof(scene::SceneVertex)) ||
      !section(m.indices.data(), m.indices.size() * sizeof(uint32_t)))
    return;
  writeFile(entryPath(dir, key), file);
}

std::optional<ImportedModel> readModelCache(const fs::path& dir, const fs::path& model, uint64_t key) {
  auto t1 = std::chrono::steady_clock::now();
  auto file = readFile(entryPath(dir, key));
  if (!file) return std::nullopt;
  std::optional<ImportedModel> m = parseModelCacheEntry(*file, model, key);
  auto t2 = std::chrono::steady_clock::now();
  if (m)
    spdlog::debug("model cache: {} read in {:.1f} ms", model.string(),
                  std::chrono::duration<double, std::milli>(t2 - t1).count());
  return m;
}

std::optional<ImportedModel> parseModelCacheEntry(const std::vector<uint8_t>& file, const fs::path& model,
                                                  uint64_t key) {
  std::optional<std::array<Section, 3>> sections = findSections(file);
  if (!sections) return std::nullopt;
  const auto& [metaSection, vertexSection, indexSection] = *sections;
  ImportedModel m;
  // The two big arrays decompress straight into place, one of them on a second thread.
  m.vertices.resize(vertexSection.raw / sizeof(scene::SceneVertex));
  m.indices.resize(indexSection.raw / sizeof(uint32_t));
  auto indicesDone = std::async(std::launch::async, unpack, indexSection, (void*)m.indices.data());
  bool verticesOk = unpack(vertexSection, m.vertices.data());
  std::vector<uint8_t> meta(metaSection.raw);
  bool metaOk = unpack(metaSection, meta.data());
  if (!indicesDone.get() || !verticesOk || !metaOk) return std::nullopt;
  Reader r{meta.data(), meta.data() + meta.size()};
  if (!readDependencies(r, model, key, m)) return std::nullopt;
  readContents(r, m);
  if (!r.ok) return std::nullopt;
  if (const char* why = findDamage(m)) {
    spdlog::warn("model cache: ignoring the entry for {}: {}", model.string(), why);
    return std::nullopt;
  }
  return m;
}

std::optional<std::vector<uint8_t>> readCacheBlob(const fs::path& dir, const std::string& name) {
  return readCompressed(dir / name);
}

void writeCacheBlob(const fs::path& dir, const std::string& name, const std::vector<uint8_t>& bytes) {
  writeCompressed(dir / name, bytes);
}

}  // namespace ts::io
