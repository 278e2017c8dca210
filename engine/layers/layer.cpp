#include "layers/layer.h"

#include <cmath>

namespace ts::layers {

double Layer::prop(const std::string& key) const {
  for (const LayerProp& p : m_props)
    if (p.key == key) return p.value;
  return std::nan("");
}

bool Layer::setProp(const std::string& key, double value) {
  for (LayerProp& p : m_props) {
    if (p.key != key) continue;
    if (!(value >= p.min && value <= p.max)) return false;
    p.value = p.choices.empty() ? value : std::round(value);
    return true;
  }
  return false;
}

}  // namespace ts::layers
