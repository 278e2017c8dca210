#include "feeds/feed_spec.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/json_reader.h"

namespace ts::feeds {

using nlohmann::json;

const char* feedEntityKindName(FeedEntityKind k) {
  switch (k) {
    case FeedEntityKind::Site5G:
      return "5g_site";
    case FeedEntityKind::Camera:
      return "camera";
    case FeedEntityKind::DataCentre:
      return "data_centre";
    case FeedEntityKind::City:
      return "city";
  }
  return "?";
}

std::string BrokerUrl::text() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;  // IPv6
  return (tls ? "mqtts://" : "mqtt://") + h + ":" + std::to_string(port);
}

Result<BrokerUrl> parseBrokerUrl(const std::string& url) {
  BrokerUrl b;
  std::string rest;
  if (url.rfind("mqtt://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("mqtts://", 0) == 0) {
    rest = url.substr(8), b.tls = true, b.port = 8883;
  } else {
    return fail("'" + url + "': expected mqtt://HOST[:PORT] or mqtts://HOST[:PORT]");
  }
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  // The port after the host; an IPv6 address is in brackets ("[::1]:1883").
  std::string portText;
  bool hasPort = false;
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string::npos) return fail("'" + url + "': an IPv6 address needs its closing ']'");
    if (close + 1 < rest.size() && rest[close + 1] != ':') return fail("'" + url + "': expected ':PORT' after ']'");
    if (close + 1 < rest.size()) portText = rest.substr(close + 2), hasPort = true;
    rest = rest.substr(1, close - 1);
  } else if (size_t colon = rest.rfind(':'); colon != std::string::npos) {
    portText = rest.substr(colon + 1), hasPort = true;
    rest.resize(colon);
  }
  if (hasPort) {
    int port = 0;
    auto r = std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (r.ec != std::errc() || r.ptr != portText.data() + portText.size() || port < 1 || port > 65535)
      return fail("'" + url + "': the port must be a number from 1 to 65535");
    b.port = port;
  }
  if (rest.empty() || rest.find('/') != std::string::npos) return fail("'" + url + "': no host name");
  b.host = rest;
  return b;
}

std::optional<UnitConversion> unitConversion(const std::string& attribute, const std::string& unit) {
  if (unit.empty()) return UnitConversion{};
  static const std::pair<const char*, std::vector<std::pair<std::string, double>>> kLinear[] = {
      {"_w", {{"W", 1}, {"kW", 1e3}, {"MW", 1e6}, {"GW", 1e9}}},
      {"_kw", {{"W", 1e-3}, {"kW", 1}, {"MW", 1e3}, {"GW", 1e6}}},
      {"_mw", {{"W", 1e-6}, {"kW", 1e-3}, {"MW", 1}, {"GW", 1e3}}},
      {"_s", {{"ms", 1e-3}, {"s", 1}, {"min", 60}, {"h", 3600}}},
      {"_pct", {{"%", 1}, {"ratio", 100}}},
      {"_dbm", {{"dBm", 1}}},
  };
  auto endsWith = [&](const char* s) {
    std::string_view a(attribute), e(s);
    return a.size() > e.size() && a.substr(a.size() - e.size()) == e;
  };
  for (const auto& [suffix, units] : kLinear)
    if (endsWith(suffix)) {
      for (const auto& [u, scale] : units)
        if (u == unit) return UnitConversion{scale, 0};
      return std::nullopt;
    }
  if (endsWith("_c")) {
    if (unit == "C" || unit == "°C" || unit == "degC") return UnitConversion{1, 0};
    if (unit == "K") return UnitConversion{1, -273.15};
    if (unit == "F" || unit == "°F") return UnitConversion{5.0 / 9.0, -32 * 5.0 / 9.0};
    return std::nullopt;
  }
  return UnitConversion{};  // an attribute without a unit suffix: the value as it comes
}

namespace {

// Reads one feed's JSON (core/json_reader.h: errors and warnings with JSON paths).
struct SpecReader : JsonReader {
  bool kind(const json& t, const std::string& path, FeedEntityKind& out);
  bool idSource(const json& t, const std::string& path, TopicMapping& m);
  bool time(const json& t, const std::string& path, TopicMapping& m);
  bool field(const json& f, const std::string& path, FieldMapping& out);
  bool topic(const json& t, const std::string& path, TopicMapping& out);
  bool connection(const json& f, const std::string& path, const std::filesystem::path& baseDir, FeedSpec& out);
  bool feed(const json& f, const std::string& path, const std::filesystem::path& baseDir, FeedSpec& out);
};

bool SpecReader::kind(const json& t, const std::string& path, FeedEntityKind& out) {
  std::string k;
  if (!get(t, "entity", path, k, true)) return false;
  for (FeedEntityKind c :
       {FeedEntityKind::Site5G, FeedEntityKind::Camera, FeedEntityKind::DataCentre, FeedEntityKind::City})
    if (k == feedEntityKindName(c)) return out = c, true;
  return failAt(path + ".entity", "must be \"5g_site\", \"camera\", \"data_centre\" or \"city\", not \"" + k + "\"");
}

bool SpecReader::idSource(const json& t, const std::string& path, TopicMapping& m) {
  auto id = t.find("id");
  if (id == t.end()) {
    if (m.kind == FeedEntityKind::City) return true;
    return failAt(path + ".id", "is missing: {\"topic_level\": N} or {\"field\": NAME}");
  }
  const std::string p = path + ".id";
  if (!id->is_object()) return failAt(p, std::string("must be an object, not ") + jsonTypeName(*id));
  checkKeys(*id, p, {"topic_level", "field"});
  if (id->contains("topic_level")) {
    int level = 0;
    if (!get(*id, "topic_level", p, level)) return false;
    if (level < 0) return failAt(p + ".topic_level", "must be 0 (the first level) or more");
    m.idTopicLevel = level;
    return true;
  }
  if (!get(*id, "field", p, m.idField, true)) return false;
  return true;
}

bool SpecReader::time(const json& t, const std::string& path, TopicMapping& m) {
  auto it = t.find("time");
  if (it == t.end()) return true;
  const std::string p = path + ".time";
  if (!it->is_object()) return failAt(p, std::string("must be an object, not ") + jsonTypeName(*it));
  checkKeys(*it, p, {"field", "unit"});
  std::string unit = "s";
  if (!get(*it, "field", p, m.timeField, true) || !get(*it, "unit", p, unit)) return false;
  if (unit == "s" || unit == "iso8601")
    m.timeScale = 1, m.timeIso = unit == "iso8601";
  else if (unit == "ms")
    m.timeScale = 0.001;
  else
    return failAt(p + ".unit", "must be \"s\", \"ms\" or \"iso8601\", not \"" + unit + "\"");
  return true;
}

bool SpecReader::field(const json& f, const std::string& path, FieldMapping& out) {
  if (!f.is_object()) return failAt(path, std::string("must be an object, not ") + jsonTypeName(f));
  checkKeys(f, path, {"field", "attribute", "unit", "type", "values"});
  std::string type = "number";
  if (!get(f, "field", path, out.field, true) || !get(f, "attribute", path, out.attribute, true) ||
      !get(f, "unit", path, out.unit) || !get(f, "type", path, type))
    return false;
  if (type != "number" && type != "text")
    return failAt(path + ".type", "must be \"number\" or \"text\", not \"" + type + "\"");
  out.text = type == "text";
  if (auto v = f.find("values"); v != f.end()) {
    if (!v->is_object()) return failAt(path + ".values", "must be an object of names to numbers");
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (!it->is_number()) return failAt(path + ".values." + it.key(), "must be a number");
      out.values[it.key()] = it->get<double>();
    }
  }
  return true;
}

bool SpecReader::topic(const json& t, const std::string& path, TopicMapping& out) {
  if (!t.is_object()) return failAt(path, std::string("must be an object, not ") + jsonTypeName(t));
  checkKeys(t, path, {"filter", "entity", "id", "time", "fields"});
  if (!get(t, "filter", path, out.filter, true) || !kind(t, path, out.kind) || !idSource(t, path, out) ||
      !time(t, path, out))
    return false;
  if (out.filter.empty()) return failAt(path + ".filter", "is empty");
  auto fields = t.find("fields");
  if (fields == t.end() || !fields->is_array() || fields->empty())
    return failAt(path + ".fields", "must be a non-empty array of {\"field\", \"attribute\"}");
  for (size_t i = 0; i < fields->size(); ++i) {
    const std::string p = path + ".fields[" + std::to_string(i) + "]";
    FieldMapping& f = out.fields.emplace_back();
    if (!field((*fields)[i], p, f)) return false;
    if (!unitConversion(f.attribute, f.unit))
      return failAt(p + ".unit", "'" + f.unit + "' does not convert to the unit of '" + f.attribute + "'");
  }
  return true;
}

bool SpecReader::connection(const json& f, const std::string& path, const std::filesystem::path& baseDir,
                            FeedSpec& out) {
  std::string broker, ca, protocol = "5";
  if (!get(f, "broker", path, broker, true) || !get(f, "client_id", path, out.clientId) ||
      !get(f, "username", path, out.username) || !get(f, "password_env", path, out.passwordEnv) ||
      !get(f, "ca_file", path, ca) || !get(f, "tls_verify", path, out.tlsVerify) ||
      !get(f, "protocol", path, protocol) || !get(f, "qos", path, out.qos) ||
      !get(f, "keepalive_s", path, out.keepaliveS) || !get(f, "reconnect_max_s", path, out.reconnectMaxS))
    return false;
  if (f.contains("password"))
    return failAt(path + ".password",
                  "is not allowed: name an environment variable in "
                  "'password_env' instead (passwords never go in a "
                  "scene file)");
  auto url = parseBrokerUrl(broker);
  if (!url) return failAt(path + ".broker", "is " + url.error().message);
  out.broker = *url;
  if (protocol == "5")
    out.protocol = 5;
  else if (protocol == "3.1.1")
    out.protocol = 311;
  else
    return failAt(path + ".protocol", "must be \"5\" or \"3.1.1\", not \"" + protocol + "\"");
  if (out.qos < 0 || out.qos > 2) return failAt(path + ".qos", "must be 0, 1 or 2");
  if (out.keepaliveS < 5 || out.keepaliveS > 65535)
    return failAt(path + ".keepalive_s", "must be from 5 to 65535 seconds (MQTT's range, as libmosquitto takes it)");
  if (!(out.reconnectMaxS > 0)) return failAt(path + ".reconnect_max_s", "must be more than 0 seconds");
  if (!ca.empty()) out.caFile = std::filesystem::path(ca).is_absolute() ? std::filesystem::path(ca) : baseDir / ca;
  if (out.broker.tls && out.caFile.empty() && out.tlsVerify)
    return failAt(path + ".ca_file", "is needed for mqtts:// (the CA that signed the broker's certificate)");
  if (!out.passwordEnv.empty() && out.username.empty())
    return failAt(path + ".password_env", "needs a 'username' beside it");
  return true;
}

bool SpecReader::feed(const json& f, const std::string& path, const std::filesystem::path& baseDir, FeedSpec& out) {
  if (!f.is_object()) return failAt(path, std::string("must be an object, not ") + jsonTypeName(f));
  checkKeys(f, path,
            {"name", "type", "broker", "client_id", "username", "password_env", "password", "ca_file", "tls_verify",
             "protocol", "qos", "stale_after", "max_payload_bytes", "keepalive_s", "reconnect_max_s", "topics"});
  std::string type = "mqtt";
  double maxPayload = double(out.maxPayloadBytes);
  if (!get(f, "name", path, out.name) || !get(f, "type", path, type) || !connection(f, path, baseDir, out) ||
      !get(f, "stale_after", path, out.staleAfterS) || !get(f, "max_payload_bytes", path, maxPayload))
    return false;
  if (type != "mqtt") return failAt(path + ".type", "must be \"mqtt\" (the only kind of feed), not \"" + type + "\"");
  if (!(out.staleAfterS > 0)) return failAt(path + ".stale_after", "must be more than 0 seconds");
  if (!(maxPayload >= 16)) return failAt(path + ".max_payload_bytes", "must be at least 16");
  out.maxPayloadBytes = size_t(maxPayload);
  auto topics = f.find("topics");
  if (topics == f.end() || !topics->is_array() || topics->empty())
    return failAt(path + ".topics", "must be a non-empty array of topic mappings");
  for (size_t i = 0; i < topics->size(); ++i)
    if (!topic((*topics)[i], path + ".topics[" + std::to_string(i) + "]", out.topics.emplace_back())) return false;
  return true;
}

json fieldJson(const FieldMapping& f) {
  json j = {{"field", f.field}, {"attribute", f.attribute}};
  if (!f.unit.empty()) j["unit"] = f.unit;
  if (f.text) j["type"] = "text";
  if (!f.values.empty()) j["values"] = f.values;
  return j;
}

json topicJson(const TopicMapping& t) {
  json j = {{"filter", t.filter}, {"entity", feedEntityKindName(t.kind)}};
  if (t.idTopicLevel)
    j["id"] = {{"topic_level", *t.idTopicLevel}};
  else if (!t.idField.empty())
    j["id"] = {{"field", t.idField}};
  if (!t.timeField.empty())
    j["time"] = {{"field", t.timeField}, {"unit", t.timeIso ? "iso8601" : t.timeScale == 1 ? "s" : "ms"}};
  for (const FieldMapping& f : t.fields) j["fields"].push_back(fieldJson(f));
  return j;
}

}  // namespace

Result<std::vector<FeedSpec>> parseFeeds(const json& feeds, const std::string& where,
                                         const std::filesystem::path& baseDir, std::vector<std::string>* warnings) {
  SpecReader r;
  r.where = where, r.warnings = warnings;
  if (!feeds.is_array()) return fail(where + ": 'feeds' must be an array, not " + jsonTypeName(feeds));
  std::vector<FeedSpec> out(feeds.size());
  for (size_t i = 0; i < feeds.size(); ++i) {
    const std::string path = "feeds[" + std::to_string(i) + "]";
    if (!r.feed(feeds[i], path, baseDir, out[i])) return fail(*r.error);
    if (out[i].name.empty()) out[i].name = "feed " + std::to_string(i + 1);
  }
  return out;
}

json feedsToJson(const std::vector<FeedSpec>& feeds) {
  json out = json::array();
  for (const FeedSpec& f : feeds) {
    json j = {{"name", f.name},
              {"type", "mqtt"},
              {"broker", f.broker.text()},
              {"protocol", f.protocol == 5 ? "5" : "3.1.1"},
              {"qos", f.qos},
              {"stale_after", f.staleAfterS},
              {"max_payload_bytes", f.maxPayloadBytes},
              {"keepalive_s", f.keepaliveS},
              {"reconnect_max_s", f.reconnectMaxS}};
    if (!f.clientId.empty()) j["client_id"] = f.clientId;
    if (!f.username.empty()) j["username"] = f.username;
    if (!f.passwordEnv.empty()) j["password_env"] = f.passwordEnv;
    if (!f.caFile.empty()) j["ca_file"] = f.caFile.string();
    if (!f.tlsVerify) j["tls_verify"] = false;
    for (const TopicMapping& t : f.topics) j["topics"].push_back(topicJson(t));
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace ts::feeds
