#include "io/model_cache.h"

#include <spdlog/spdlog.h>
#include <xxhash.h>
#include <zstd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>

namespace ts::io {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kMagic = 0x4d435354;  // "TSCM"
constexpr uint32_t kVersion = 1;

struct Writer {
  std::vector<uint8_t> out;
  void bytes(const void* p, size_t n) { out.insert(out.end(), (const uint8_t*)p, (const uint8_t*)p + n); }
  template <class T>
  void pod(const T& v) { bytes(&v, sizeof v); }
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
    std::memcpy(v.data(), p, n * sizeof(T));  // the stream is not aligned for T: copy bytes
    p += n * sizeof(T);
    return v;
  }
};

fs::path entryPath(const fs::path& dir, uint64_t key) {
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.tsm", (unsigned long long)key);
  return dir / name;
}

// [magic, version, raw size] then one zstd frame; written to a temporary name and
// renamed, so a reader never sees half an entry.
bool writeCompressed(const fs::path& target, const std::vector<uint8_t>& raw) {
  std::vector<uint8_t> packed(ZSTD_compressBound(raw.size()) + 16);
  uint32_t header[2] = {kMagic, kVersion};
  std::memcpy(packed.data(), header, 8);
  uint64_t rawSize = raw.size();
  std::memcpy(packed.data() + 8, &rawSize, 8);
  size_t n = ZSTD_compress(packed.data() + 16, packed.size() - 16, raw.data(), raw.size(), 1);
  if (ZSTD_isError(n)) return false;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  fs::path tmp = target;
  tmp += ".part";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write((const char*)packed.data(), std::streamsize(16 + n));
    if (!out) {
      spdlog::debug("model cache: cannot write {}", tmp.string());
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, target, ec);
  return !ec;
}

std::optional<std::vector<uint8_t>> readCompressed(const fs::path& source) {
  std::ifstream in(source, std::ios::binary);
  if (!in) return std::nullopt;
  std::error_code ec;
  std::vector<uint8_t> packed(size_t(fs::file_size(source, ec)));
  if (ec || packed.size() < 16 || !in.read(reinterpret_cast<char*>(packed.data()), std::streamsize(packed.size())))
    return std::nullopt;
  uint32_t header[2];
  uint64_t rawSize;
  std::memcpy(header, packed.data(), 8);
  std::memcpy(&rawSize, packed.data() + 8, 8);
  if (header[0] != kMagic || header[1] != kVersion || rawSize > (1ull << 34)) return std::nullopt;
  std::vector<uint8_t> raw(rawSize);
  size_t n = ZSTD_decompress(raw.data(), raw.size(), packed.data() + 16, packed.size() - 16);
  if (ZSTD_isError(n) || n != rawSize) return std::nullopt;
  return raw;
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

void writeModelCache(const fs::path& dir, uint64_t key, const ImportedModel& m) {
  Writer w;
  w.pod(uint64_t(m.dependencies.size()));
  for (const auto& [p, h] : m.dependencies) {
    w.str(p.string());
    w.pod(h);
  }
  w.vec(m.vertices);
  w.vec(m.indices);
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

  writeCompressed(entryPath(dir, key), w.out);
}

std::optional<ImportedModel> readModelCache(const fs::path& dir, const fs::path& model, uint64_t key) {
  auto t1 = std::chrono::steady_clock::now();
  auto raw = readCompressed(entryPath(dir, key));
  if (!raw) return std::nullopt;
  Reader r{raw->data(), raw->data() + raw->size()};
  ImportedModel m;
  uint64_t deps = r.pod<uint64_t>();
  for (uint64_t i = 0; r.ok && i < deps; ++i) {
    fs::path p = r.str();
    uint64_t h = r.pod<uint64_t>();
    if (!r.ok) return std::nullopt;
    std::error_code ec;
    bool isModel = fs::equivalent(p, model, ec);  // already hashed: it is the key
    bool exists = true;
    if (isModel ? h != key : (hashFile(p, &exists) != h || !exists)) return std::nullopt;  // a buffer or texture changed
    m.dependencies.emplace_back(p, h);
  }
  m.vertices = r.vec<scene::SceneVertex>();
  m.indices = r.vec<uint32_t>();
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
  if (!r.ok) return std::nullopt;
  auto t2 = std::chrono::steady_clock::now();
  spdlog::debug("model cache: {} read in {:.1f} ms", model.string(), std::chrono::duration<double, std::milli>(t2 - t1).count());
  // A damaged cache entry must never reach the renderer: check every reference.
  for (uint32_t i : m.indices)
    if (i >= m.vertices.size()) return std::nullopt;
  for (const auto& g : m.groups)
    if (uint64_t(g.firstIndex) + g.indexCount > m.indices.size()) return std::nullopt;
  for (const auto& t : m.textured)
    if (uint64_t(t.firstIndex) + t.indexCount > m.indices.size() || t.texture >= m.textures.size()) return std::nullopt;
  for (const auto& t : m.textures)
    if (t.rgba.size() != size_t(t.width) * t.height * 4) return std::nullopt;
  return m;
}

std::optional<std::vector<uint8_t>> readCacheBlob(const fs::path& dir, const std::string& name) {
  return readCompressed(dir / name);
}

void writeCacheBlob(const fs::path& dir, const std::string& name, const std::vector<uint8_t>& bytes) {
  writeCompressed(dir / name, bytes);
}

}  // namespace ts::io
