// One libFuzzer harness: TS_FUZZ_TARGET (set by fuzz/CMakeLists.txt) names the function
// of fuzz_targets.h it runs. An error is a fine outcome; a crash, hang, leak or sanitizer
// report is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)ts::fuzz::TS_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
