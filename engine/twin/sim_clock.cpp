#include "twin/sim_clock.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <regex>

namespace ts::twin {

void SimClock::tick(double wallSeconds, SimTime wallNow) {
  if (m_paused) return;
  if (m_mode == Mode::Live)
    m_now = wallNow;
  else
    m_now += wallSeconds * m_speed;
}

SimTime wallClockNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Result<SimTime> parseIsoTime(const std::string& text) {
  // Longer than any ISO 8601 time (with nanoseconds): refused before the regex, whose
  // matcher recurses per character (a 60 kB string from a feed would overflow the stack).
  if (text.size() > 48)
    return fail("time '" + text.substr(0, 40) + "...' (" + std::to_string(text.size()) +
                " characters): too long for an ISO 8601 time");
  static const std::regex re(R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))");
  std::smatch m;
  if (!std::regex_match(text, m, re))
    return fail("time '" + text + "': expected ISO 8601 with an offset, e.g. 2026-06-01T15:00:00+07:00");
  int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]), h = std::stoi(m[4]), mi = std::stoi(m[5]);
  double s = m[6].matched ? std::stod(m[6]) + (m[7].matched ? std::stod(m[7]) : 0.0) : 0.0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s >= 61)
    return fail("time '" + text + "': a field is out of range");
  int offset = 0;
  std::string z = m[8];
  if (z != "Z") offset = (z[0] == '-' ? -1 : 1) * (std::stoi(z.substr(1, 2)) * 60 + std::stoi(z.substr(4, 2)));
  using namespace std::chrono;
  year_month_day date{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!date.ok()) return fail("time '" + text + "': there is no such date");
  double days = double(sys_days(date).time_since_epoch().count());
  return days * 86400.0 + h * 3600.0 + mi * 60.0 + s - offset * 60.0;
}

std::string formatIsoTime(SimTime t, int offsetMinutes) {
  using namespace std::chrono;
  double local = t + offsetMinutes * 60.0;
  double dayCount = std::floor(local / 86400.0);
  double secs = local - dayCount * 86400.0;
  year_month_day date{sys_days{days{int64_t(dayCount)}}};
  int h = int(secs / 3600), mi = int(std::fmod(secs, 3600) / 60), s = int(std::fmod(secs, 60));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", int(date.year()), unsigned(date.month()),
                unsigned(date.day()), h, mi, s, offsetMinutes < 0 ? '-' : '+', std::abs(offsetMinutes) / 60,
                std::abs(offsetMinutes) % 60);
  return buf;
}

}  // namespace ts::twin
