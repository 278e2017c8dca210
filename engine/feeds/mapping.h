// From an MQTT message to StateStore updates: the topic picks a mapping, the mapping
// finds the entity (a topic level or a payload field) and turns payload fields into
// attributes (units converted, named values looked up, the measurement time read).
// Pure and thread-safe once built: the feed's network thread parses with it, off the
// frame thread, and so does a recording's replay.
#pragma once
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "feeds/feed_spec.h"
#include "scene/entities.h"
#include "twin/state_store.h"

namespace ts::feeds {

// The entities a feed may name, per kind, with their ids in the StateStore's registry.
// Built once on the frame thread; read-only afterwards.
class EntityIndex {
 public:
  EntityIndex(const scene::EntitySet& entities, twin::Registry& names);
  std::optional<twin::EntityId> find(FeedEntityKind kind, std::string_view id) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, twin::EntityId, Hash, std::equal_to<>> m_ids[4];
};

// Why a message was refused, in words that name the field ("field 'load' is a string,
// expected a number"); the caller adds the feed and the topic.
struct MapError {
  enum class Kind { NoMapping, TooLarge, Malformed, UnknownEntity, BadValue } kind;
  std::string reason;
};

class MessageMapper {
 public:
  MessageMapper(const FeedSpec& spec, std::shared_ptr<const EntityIndex> entities, twin::Registry& names);
  ~MessageMapper();
  MessageMapper(MessageMapper&&) noexcept;
  // Appends the updates of one message to `out` (nothing on error). A mapped field the
  // payload lacks is skipped; a payload with none of them, a value of the wrong type,
  // NaN or infinity, an entity the scene does not have, or a payload over the size
  // limit is an error.
  std::optional<MapError> map(std::string_view topic, std::string_view payload, twin::SimTime receiveTime,
                              std::vector<twin::Update>& out) const;
  const FeedSpec& spec() const { return m_spec; }

 private:
  struct Field;
  struct Topic;
  std::optional<MapError> mapDocument(const Topic& t, std::string_view topic, const nlohmann::json& doc,
                                      twin::SimTime receiveTime, std::vector<twin::Update>& out) const;
  std::optional<MapError> mapFields(const Topic& t, const nlohmann::json& doc, twin::EntityId entity,
                                    twin::SimTime time, twin::SimTime receiveTime,
                                    std::vector<twin::Update>& out) const;
  FeedSpec m_spec;
  std::shared_ptr<const EntityIndex> m_entities;
  std::vector<Topic> m_topics;
};

}  // namespace ts::feeds
