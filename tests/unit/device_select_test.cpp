#include "gpu/device_select.h"

#include <gtest/gtest.h>

using namespace ts::gpu;

namespace {
DeviceReport dev(uint32_t index, const char* name, VkPhysicalDeviceType type, std::vector<std::string> rejects = {}) {
  DeviceReport d;
  d.index = index;
  d.name = name;
  d.type = type;
  d.apiVersion = VK_API_VERSION_1_3;
  d.rejectReasons = std::move(rejects);
  return d;
}
}  // namespace

TEST(DeviceSelect, PrefersDiscreteThenIntegratedThenCpu) {
  std::vector<DeviceReport> ds = {dev(0, "llvmpipe", VK_PHYSICAL_DEVICE_TYPE_CPU),
                                  dev(1, "Intel UHD", VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU),
                                  dev(2, "NVIDIA H100", VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU)};
  EXPECT_EQ(*selectDevice(ds, ""), 2u);
  ds[2].rejectReasons = {"no graphics queue"};
  EXPECT_EQ(*selectDevice(ds, ""), 1u);
  ds[1].rejectReasons = {"supports Vulkan 1.2.0, needs 1.3"};
  EXPECT_EQ(*selectDevice(ds, ""), 0u);
}

TEST(DeviceSelect, SelectorByIndexOrCaseInsensitiveName) {
  std::vector<DeviceReport> ds = {dev(0, "llvmpipe (LLVM 15)", VK_PHYSICAL_DEVICE_TYPE_CPU),
                                  dev(1, "NVIDIA H100", VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU)};
  EXPECT_EQ(*selectDevice(ds, "0"), 0u);
  EXPECT_EQ(*selectDevice(ds, "LLVMPIPE"), 0u);
  EXPECT_EQ(*selectDevice(ds, "h100"), 1u);
}

TEST(DeviceSelect, ErrorsListEveryDeviceAndWhy) {
  std::vector<DeviceReport> ds = {
      dev(0, "llvmpipe", VK_PHYSICAL_DEVICE_TYPE_CPU, {"no dynamicRendering feature"}),
      dev(1, "Old GPU", VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU, {"supports Vulkan 1.1.0, needs 1.3"})};
  auto none = selectDevice(ds, "");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("llvmpipe"), std::string::npos);
  EXPECT_NE(none.error().message.find("no dynamicRendering feature"), std::string::npos);
  EXPECT_NE(none.error().message.find("Old GPU"), std::string::npos);
  EXPECT_NE(none.error().message.find("needs 1.3"), std::string::npos);

  auto missing = selectDevice(ds, "radeon");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("'radeon' matches no Vulkan device"), std::string::npos);
  EXPECT_NE(missing.error().message.find("llvmpipe"), std::string::npos);

  auto rejected = selectDevice(ds, "1");
  ASSERT_FALSE(rejected);
  EXPECT_NE(rejected.error().message.find("cannot use"), std::string::npos);
  EXPECT_FALSE(selectDevice({}, ""));
}
