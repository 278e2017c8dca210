#include "feeds/mapping.h"

#include <mosquitto.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <variant>

#include "core/json_parse.h"
#include "core/json_type.h"
#include "twin/sim_clock.h"
#include "twin/simulator.h"

namespace ts::feeds {

using nlohmann::json;

EntityIndex::EntityIndex(const scene::EntitySet& entities, twin::Registry& names) {
  auto add = [&](FeedEntityKind k, const std::string& id) { m_ids[int(k)].emplace(id, names.entities.intern(id)); };
  for (const auto& s : entities.sites5g) add(FeedEntityKind::Site5G, s.id);
  for (const auto& c : entities.cameras) add(FeedEntityKind::Camera, c.id);
  for (const auto& d : entities.dataCentres) add(FeedEntityKind::DataCentre, d.id);
  add(FeedEntityKind::City, twin::kCityEntity);
}

std::optional<twin::EntityId> EntityIndex::find(FeedEntityKind kind, std::string_view id) const {
  const auto& ids = m_ids[int(kind)];
  auto it = ids.find(id);
  if (it == ids.end()) return std::nullopt;
  return it->second;
}

namespace {

MapError error(MapError::Kind k, std::string reason) { return {k, std::move(reason)}; }

// How far ahead of its receive time a measurement may be (clocks drift; not by a day).
constexpr double kMaxFutureSeconds = 86400;

}  // namespace

struct MessageMapper::Field {
  FieldMapping spec;
  std::optional<json::json_pointer> pointer;  // when spec.field starts with '/'
  twin::AttrId attribute;
  UnitConversion conversion;
};

struct MessageMapper::Topic {
  TopicMapping spec;
  std::vector<Field> fields;
  std::optional<json::json_pointer> idPointer, timePointer;
};

MessageMapper::MessageMapper(const FeedSpec& spec, std::shared_ptr<const EntityIndex> entities, twin::Registry& names)
    : m_spec(spec), m_entities(std::move(entities)) {
  auto pointerOf = [](const std::string& f) -> std::optional<json::json_pointer> {
    if (f.empty() || f[0] != '/') return std::nullopt;
    try {
      return json::json_pointer(f);
    } catch (const json::exception&) {
      return std::nullopt;
    }
  };
  for (const TopicMapping& t : spec.topics) {
    Topic& topic = m_topics.emplace_back();
    topic.spec = t;
    topic.idPointer = pointerOf(t.idField);
    topic.timePointer = pointerOf(t.timeField);
    for (const FieldMapping& f : t.fields)
      topic.fields.push_back(Field{f, pointerOf(f.field), names.attributes.intern(f.attribute),
                                   unitConversion(f.attribute, f.unit).value_or(UnitConversion{})});
  }
}

MessageMapper::~MessageMapper() = default;
MessageMapper::MessageMapper(MessageMapper&&) noexcept = default;

namespace {

const json* lookup(const json& doc, const std::string& key, const std::optional<json::json_pointer>& pointer) {
  if (pointer) return doc.contains(*pointer) ? &doc.at(*pointer) : nullptr;
  auto it = doc.find(key);
  return it == doc.end() ? nullptr : &*it;
}

std::string_view topicLevel(std::string_view topic, int level) {
  for (int i = 0; i < level; ++i) {
    size_t slash = topic.find('/');
    if (slash == std::string_view::npos) return {};
    topic.remove_prefix(slash + 1);
  }
  return topic.substr(0, topic.find('/'));
}

// A payload's number: a JSON number, or a name in `values`; finite.
std::variant<double, MapError> numberOf(const json& v, const FieldMapping& f) {
  double x = 0;
  if (v.is_number()) {
    x = v.get<double>();
  } else if (v.is_string() && !f.values.empty()) {
    auto it = f.values.find(v.get_ref<const std::string&>());
    if (it == f.values.end())
      return error(MapError::Kind::BadValue,
                   "field '" + f.field + "' is \"" + v.get<std::string>() + "\", not one of the values the feed names");
    x = it->second;
  } else {
    return error(MapError::Kind::BadValue, "field '" + f.field + "' is " + jsonTypeName(v) + ", expected a number");
  }
  if (!std::isfinite(x)) return error(MapError::Kind::BadValue, "field '" + f.field + "' is not a finite number");
  return x;
}

}  // namespace

std::optional<MapError> MessageMapper::map(std::string_view topic, std::string_view payload, twin::SimTime receiveTime,
                                           std::vector<twin::Update>& out) const {
  if (payload.size() > m_spec.maxPayloadBytes)
    return error(MapError::Kind::TooLarge, "payload of " + std::to_string(payload.size()) + " bytes is over the " +
                                               std::to_string(m_spec.maxPayloadBytes) + "-byte limit");
  const std::string topicStr(topic);
  const Topic* t = nullptr;
  for (const Topic& c : m_topics) {
    bool match = false;
    if (mosquitto_topic_matches_sub(c.spec.filter.c_str(), topicStr.c_str(), &match) == MOSQ_ERR_SUCCESS && match) {
      t = &c;
      break;
    }
  }
  if (!t) return error(MapError::Kind::NoMapping, "no topic mapping matches");
  auto parsed = parseJson(payload);  // nesting capped: a payload is someone else's bytes
  if (!parsed) return error(MapError::Kind::Malformed, "malformed JSON: " + parsed.error().message);
  const json& doc = *parsed;
  if (!doc.is_object())
    return error(MapError::Kind::Malformed, std::string("payload is ") + jsonTypeName(doc) + ", expected an object");
  return mapDocument(*t, topic, doc, receiveTime, out);
}

std::optional<MapError> MessageMapper::mapDocument(const Topic& t, std::string_view topic, const json& doc,
                                                   twin::SimTime receiveTime, std::vector<twin::Update>& out) const {
  // The entity.
  std::string id;
  if (t.spec.kind == FeedEntityKind::City && !t.spec.idTopicLevel && t.spec.idField.empty()) {
    id = twin::kCityEntity;
  } else if (t.spec.idTopicLevel) {
    id = topicLevel(topic, *t.spec.idTopicLevel);
    if (id.empty())
      return error(MapError::Kind::Malformed, "the topic has no level " + std::to_string(*t.spec.idTopicLevel));
  } else {
    const json* v = lookup(doc, t.spec.idField, t.idPointer);
    if (!v) return error(MapError::Kind::Malformed, "no '" + t.spec.idField + "' (the entity id)");
    if (v->is_string())
      id = v->get<std::string>();
    else if (v->is_number_integer())
      id = std::to_string(v->get<int64_t>());
    else
      return error(MapError::Kind::BadValue, "the entity id '" + t.spec.idField + "' is " + jsonTypeName(*v));
  }
  auto entity = m_entities->find(t.spec.kind, id);
  if (!entity)
    return error(MapError::Kind::UnknownEntity,
                 std::string("the scene has no ") + feedEntityKindName(t.spec.kind) + " '" + id + "'");
  // The time.
  twin::SimTime time = receiveTime;
  if (!t.spec.timeField.empty()) {
    const json* v = lookup(doc, t.spec.timeField, t.timePointer);
    if (!v) return error(MapError::Kind::Malformed, "no '" + t.spec.timeField + "' (the time field)");
    if (v->is_number()) {
      time = v->get<double>() * t.spec.timeScale;
    } else if (v->is_string()) {
      auto parsed = twin::parseIsoTime(v->get<std::string>());
      if (!parsed) return error(MapError::Kind::BadValue, "time '" + t.spec.timeField + "': " + parsed.error().message);
      time = *parsed;
    } else {
      return error(MapError::Kind::BadValue, "time '" + t.spec.timeField + "' is " + jsonTypeName(*v));
    }
    if (!std::isfinite(time) || time < 0)
      return error(MapError::Kind::BadValue, "time '" + t.spec.timeField + "' is not a valid time");
    // A sample far ahead of the clock would hold its series (and every later checkpoint)
    // for days: the usual cause is milliseconds read as seconds.
    if (time > receiveTime + kMaxFutureSeconds) {
      // Whole days while they fit an integer (converting 1e292 to one is undefined).
      double days = (time - receiveTime) / 86400;
      std::string daysText = days < 1e15 ? std::to_string(int64_t(days)) : "more than 10^15";
      return error(MapError::Kind::BadValue,
                   "time '" + t.spec.timeField + "' is " + daysText +
                       " days ahead of the receive time (milliseconds read as seconds? see the time field's unit)");
    }
  }
  return mapFields(t, doc, *entity, time, receiveTime, out);
}

std::optional<MapError> MessageMapper::mapFields(const Topic& t, const json& doc, twin::EntityId entity,
                                                 twin::SimTime time, twin::SimTime receiveTime,
                                                 std::vector<twin::Update>& out) const {
  const size_t first = out.size();
  const float staleAfter = float(m_spec.staleAfterS);
  for (const Field& f : t.fields) {
    const json* v = lookup(doc, f.spec.field, f.pointer);
    if (!v || v->is_null()) continue;  // a partial message: this field is not in it
    twin::Update u{entity, f.attribute, time};
    u.staleAfter = staleAfter;
    u.received = receiveTime;
    if (f.spec.text) {
      if (!v->is_string()) {
        out.resize(first);
        return error(MapError::Kind::BadValue,
                     "field '" + f.spec.field + "' is " + jsonTypeName(*v) + ", expected a string");
      }
      u.text = v->get<std::string>(), u.isText = true;
    } else {
      auto x = numberOf(*v, f.spec);
      if (auto* e = std::get_if<MapError>(&x)) {
        out.resize(first);
        return std::move(*e);
      }
      u.value = std::get<double>(x) * f.conversion.scale + f.conversion.offset;
    }
    out.push_back(std::move(u));
  }
  if (out.size() == first) return error(MapError::Kind::Malformed, "none of the mapped fields is in the payload");
  return std::nullopt;
}

}  // namespace ts::feeds
