// Feeds as a scene file declares them (docs/scene-format.md, "feeds"): which MQTT broker,
// how to log in, and how each topic's JSON payload becomes entity attributes in the
// StateStore. A recording keeps these specs (as JSON) so it replays without the scene's
// own feeds. Passwords are never part of a spec: only the name of the environment
// variable that holds one.
#pragma once
#include <filesystem>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace ts::feeds {

// The kinds of entity a topic can feed; in JSON "5g_site", "camera", "data_centre", "city".
enum class FeedEntityKind { Site5G, Camera, DataCentre, City };
const char* feedEntityKindName(FeedEntityKind k);

struct FieldMapping {
  std::string field;      // a top-level payload key, or a JSON pointer ("/power/it_kw")
  std::string attribute;  // the StateStore attribute it becomes ("load_mw")
  std::string unit;       // the payload's unit, converted to the attribute's ("kW" -> MW); empty: as is
  bool text = false;      // a string-valued attribute (an alert's reason)
  // String payload values that stand for numbers ("online": 1, "offline": 0, "alert": 2).
  std::map<std::string, double> values;
};

struct TopicMapping {
  std::string filter;  // MQTT topic filter, + and # wildcards
  FeedEntityKind kind = FeedEntityKind::Site5G;
  // Where the entity id is: a topic level (0 = the first) or a payload field.
  std::optional<int> idTopicLevel;
  std::string idField;
  std::vector<FieldMapping> fields;
  // The payload field with the measurement time (epoch seconds, epoch milliseconds with
  // timeUnit "ms", or an ISO 8601 string); empty: the receive time.
  std::string timeField;
  double timeScale = 1.0;  // seconds per unit of timeField's numbers (0.001 for "ms")
  bool timeIso = false;    // the time is an ISO 8601 string ("iso8601")
};

// Unit conversion: value in the attribute's unit = value * scale + offset. The attribute's
// unit is its name's suffix: _w, _kw, _mw (W, kW, MW, GW), _c (C, K, F), _s (ms, s, min,
// h), _pct (%, ratio), _dbm; an attribute without one takes values as they come. Nothing
// when the units do not convert.
struct UnitConversion {
  double scale = 1, offset = 0;
};
std::optional<UnitConversion> unitConversion(const std::string& attribute, const std::string& unit);

struct BrokerUrl {
  bool tls = false;  // mqtts://
  std::string host;
  int port = 1883;           // default 1883, or 8883 with TLS
  std::string text() const;  // back as a URL
};
// "mqtt://host:port" or "mqtts://host:port" (port optional); errors say what is wrong.
Result<BrokerUrl> parseBrokerUrl(const std::string& url);

struct FeedSpec {
  std::string name;  // for people and error messages
  BrokerUrl broker;
  std::string clientId;
  std::string username;          // empty: no login
  std::string passwordEnv;       // the environment variable with the password
  std::filesystem::path caFile;  // TLS: the CA that signed the broker's certificate (resolved)
  bool tlsVerify = true;         // false only for testing: the broker's certificate is not checked
  int protocol = 5;              // MQTT 5, or 311 for 3.1.1
  int qos = 1;
  double staleAfterS = 60;  // a value older than this is drawn as stale
  size_t maxPayloadBytes = 64 * 1024;
  int keepaliveS = 30;
  double reconnectMaxS = 10;  // the reconnect backoff's ceiling
  std::vector<TopicMapping> topics;
};

// Parses a scene file's "feeds" array. `where` names the file and JSON path for errors
// ("scene.json: feeds[0].topics[2].fields.load: ...").
// Unknown keys are warnings (appended to `warnings` when given).
Result<std::vector<FeedSpec>> parseFeeds(const nlohmann::json& feeds, const std::string& where,
                                         const std::filesystem::path& baseDir,
                                         std::vector<std::string>* warnings = nullptr);
// The spec as the scene file would have it (the password's variable name, never a password).
nlohmann::json feedsToJson(const std::vector<FeedSpec>& feeds);

}  // namespace ts::feeds
