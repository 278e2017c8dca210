#include "gpu/context.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "gpu/vk_check.h"

namespace ts::gpu {

namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";

VKAPI_ATTR VkBool32 VKAPI_CALL debugCallback(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                             VkDebugUtilsMessageTypeFlagsEXT,
                                             const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
  auto* counter = static_cast<ValidationCounter*>(user);
  const char* msg = data && data->pMessage ? data->pMessage : "(no message)";
  if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
    counter->messages++;
    spdlog::error("vulkan: {}", msg);
  } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
    counter->messages++;
    spdlog::warn("vulkan: {}", msg);
  } else {
    spdlog::debug("vulkan: {}", msg);
  }
  return VK_FALSE;
}

bool hasLayer(const char* name) {
  uint32_t n = 0;
  vkEnumerateInstanceLayerProperties(&n, nullptr);
  std::vector<VkLayerProperties> layers(n);
  vkEnumerateInstanceLayerProperties(&n, layers.data());
  return std::any_of(layers.begin(), layers.end(),
                     [&](const VkLayerProperties& l) { return std::strcmp(l.layerName, name) == 0; });
}

std::vector<std::string> instanceExtensionNames() {
  uint32_t n = 0;
  vkEnumerateInstanceExtensionProperties(nullptr, &n, nullptr);
  std::vector<VkExtensionProperties> exts(n);
  vkEnumerateInstanceExtensionProperties(nullptr, &n, exts.data());
  std::vector<std::string> names;
  for (auto& e : exts) names.emplace_back(e.extensionName);
  return names;
}

// A hook for tests only: with validation on and TWINSCAPE_TEST_VALIDATION_MESSAGE=1 in
// the environment, one ERROR message goes through vkSubmitDebugUtilsMessageEXT, the
// debug-utils path the validation layer reports on, so it is counted and logged exactly
// like a real one (tests/cli/cli_test.cpp checks that `--validation` then exits 3).
// Unset, as in every normal run, or without validation, nothing is sent.
void submitTestValidationMessage(VkInstance instance) {
  const char* hook = std::getenv("TWINSCAPE_TEST_VALIDATION_MESSAGE");
  if (!hook || std::string_view(hook) != "1") return;
  auto submit = (PFN_vkSubmitDebugUtilsMessageEXT)vkGetInstanceProcAddr(instance, "vkSubmitDebugUtilsMessageEXT");
  if (!submit) return;
  VkDebugUtilsMessengerCallbackDataEXT data{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CALLBACK_DATA_EXT};
  data.pMessageIdName = "twinscape-test-hook";
  data.pMessage = "deliberate test message (TWINSCAPE_TEST_VALIDATION_MESSAGE=1 is set)";
  submit(instance, VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT, VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT,
         &data);
}

}  // namespace

InstanceHandle::InstanceHandle(InstanceHandle&& o) noexcept
    : instance(o.instance), messenger(o.messenger), debugUtils(o.debugUtils), counter(std::move(o.counter)) {
  o.instance = VK_NULL_HANDLE;
  o.messenger = VK_NULL_HANDLE;
}

InstanceHandle& InstanceHandle::operator=(InstanceHandle&& o) noexcept {
  std::swap(instance, o.instance);
  std::swap(messenger, o.messenger);
  std::swap(debugUtils, o.debugUtils);
  std::swap(counter, o.counter);
  return *this;
}

InstanceHandle::~InstanceHandle() {
  if (!instance) return;
  if (messenger) {
    auto destroy =
        (PFN_vkDestroyDebugUtilsMessengerEXT)vkGetInstanceProcAddr(instance, "vkDestroyDebugUtilsMessengerEXT");
    if (destroy) destroy(instance, messenger, nullptr);
  }
  vkDestroyInstance(instance, nullptr);
}

Result<InstanceHandle> createInstance(bool validation, const std::vector<std::string>& extensions) {
  InstanceHandle h;
  h.counter = std::make_shared<ValidationCounter>();
  std::vector<std::string> available = instanceExtensionNames();
  auto has = [&](const std::string& e) { return std::find(available.begin(), available.end(), e) != available.end(); };

  std::vector<const char*> exts;
  for (const std::string& e : extensions) {
    if (!has(e)) return fail("the Vulkan loader lacks instance extension " + e);
    exts.push_back(e.c_str());
  }
  h.debugUtils = has(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
  if (h.debugUtils) exts.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);

  std::vector<const char*> layers;
  if (validation) {
    if (!hasLayer(kValidationLayer))
      return fail(std::string("validation was requested but ") + kValidationLayer +
                  " is not installed (apt-get install vulkan-validationlayers)");
    if (!h.debugUtils) return fail("validation needs VK_EXT_debug_utils, which the Vulkan loader does not offer");
    layers.push_back(kValidationLayer);
  }

  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "twinscape";
  app.pEngineName = "twinscape";
  app.apiVersion = VK_API_VERSION_1_3;

  VkDebugUtilsMessengerCreateInfoEXT dbg{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
  dbg.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
  dbg.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                    VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
  dbg.pfnUserCallback = debugCallback;
  dbg.pUserData = h.counter.get();

  // Synchronization validation catches missing or wrong barriers: every GPU test runs with it.
  VkValidationFeatureEnableEXT enables[] = {VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT};
  VkValidationFeaturesEXT features{VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT};
  features.enabledValidationFeatureCount = 1;
  features.pEnabledValidationFeatures = enables;
  features.pNext = &dbg;

  VkInstanceCreateInfo ci{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  ci.pApplicationInfo = &app;
  ci.enabledExtensionCount = (uint32_t)exts.size();
  ci.ppEnabledExtensionNames = exts.data();
  ci.enabledLayerCount = (uint32_t)layers.size();
  ci.ppEnabledLayerNames = layers.data();
  if (validation) ci.pNext = &features;

  VkResult r = vkCreateInstance(&ci, nullptr, &h.instance);
  if (r != VK_SUCCESS)
    return fail(std::string("cannot create a Vulkan instance (") + vkResultName(r) +
                "); is a Vulkan driver installed? (apt-get install mesa-vulkan-drivers for lavapipe)");
  if (validation) {
    auto create =
        (PFN_vkCreateDebugUtilsMessengerEXT)vkGetInstanceProcAddr(h.instance, "vkCreateDebugUtilsMessengerEXT");
    VK_CHECK(create(h.instance, &dbg, nullptr, &h.messenger));
  }
  return h;
}

Result<std::unique_ptr<Context>> Context::create(const ContextOptions& options) {
  auto instance = createInstance(options.validation, options.instanceExtensions);
  if (!instance) return std::unexpected(instance.error());

  std::unique_ptr<Context> ctx(new Context());
  ctx->m_instance = std::move(*instance);
  ctx->m_validation = options.validation;
  if (options.validation) submitTestValidationMessage(ctx->instance());
  std::vector<DeviceReport> devices = inspectDevices(ctx->instance(), options.deviceExtensions, options.presentCheck);
  auto pick = selectDevice(devices, options.deviceSelector);
  if (!pick) return std::unexpected(pick.error());
  ctx->m_report = devices[*pick];
  vkGetPhysicalDeviceProperties(ctx->m_report.handle, &ctx->m_properties);

  float priority = 1.0f;
  VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  qci.queueFamilyIndex = ctx->m_report.graphicsQueueFamily;
  qci.queueCount = 1;
  qci.pQueuePriorities = &priority;

  VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
  f13.dynamicRendering = VK_TRUE;
  f13.synchronization2 = VK_TRUE;
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES, &f13};
  f12.timelineSemaphore = VK_TRUE;
  VkPhysicalDeviceFeatures2 f2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f12};

  std::vector<const char*> exts;
  for (const std::string& e : options.deviceExtensions) exts.push_back(e.c_str());
  VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, &f2};
  dci.queueCreateInfoCount = 1;
  dci.pQueueCreateInfos = &qci;
  dci.enabledExtensionCount = (uint32_t)exts.size();
  dci.ppEnabledExtensionNames = exts.data();
  VkResult r = vkCreateDevice(ctx->m_report.handle, &dci, nullptr, &ctx->m_device);
  if (r != VK_SUCCESS)
    return fail("cannot create a Vulkan device on " + ctx->m_report.name + " (" + vkResultName(r) + ")");
  vkGetDeviceQueue(ctx->m_device, qci.queueFamilyIndex, 0, &ctx->m_queue);

  if (ctx->m_instance.debugUtils)
    ctx->m_setObjectName =
        (PFN_vkSetDebugUtilsObjectNameEXT)vkGetDeviceProcAddr(ctx->m_device, "vkSetDebugUtilsObjectNameEXT");

  ctx->m_allocator = std::make_unique<Allocator>(ctx->m_report.handle, ctx->m_device, options.directUploads);

  VkSemaphoreTypeCreateInfo type{VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO};
  type.semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE;
  VkSemaphoreCreateInfo sci{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO, &type};
  VK_CHECK(vkCreateSemaphore(ctx->m_device, &sci, nullptr, &ctx->m_timeline));
  ctx->setName(ctx->m_timeline, VK_OBJECT_TYPE_SEMAPHORE, "submission timeline");

  VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pci.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
  pci.queueFamilyIndex = qci.queueFamilyIndex;
  VK_CHECK(vkCreateCommandPool(ctx->m_device, &pci, nullptr, &ctx->m_immediatePool));
  ctx->setName(ctx->m_immediatePool, VK_OBJECT_TYPE_COMMAND_POOL, "immediate submit pool");

  spdlog::info("Vulkan device: {} ({}, {})", ctx->m_report.name, deviceTypeName(ctx->m_report.type),
               ctx->m_report.driver);
  return ctx;
}

Context::~Context() {
  if (!m_device) return;
  vkDeviceWaitIdle(m_device);
  for (Retired& r : m_retired) r.destroy();
  m_retired.clear();
  m_allocator.reset();
  vkDestroyCommandPool(m_device, m_immediatePool, nullptr);
  vkDestroySemaphore(m_device, m_timeline, nullptr);
  vkDestroyDevice(m_device, nullptr);
}

void Context::setName(VkObjectType type, uint64_t handle, std::string_view name) const {
  if (!m_setObjectName || !handle) return;
  std::string n(name);
  VkDebugUtilsObjectNameInfoEXT info{VK_STRUCTURE_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT};
  info.objectType = type;
  info.objectHandle = handle;
  info.pObjectName = n.c_str();
  m_setObjectName(m_device, &info);
}

uint64_t Context::submit(std::span<const VkCommandBuffer> commandBuffers, std::span<const VkSemaphoreSubmitInfo> waits,
                         std::span<const VkSemaphoreSubmitInfo> signals) {
  std::lock_guard lock(m_queueMutex);
  uint64_t serial = m_submitted + 1;
  std::vector<VkCommandBufferSubmitInfo> cbs;
  for (VkCommandBuffer cb : commandBuffers)
    cbs.push_back({VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO, nullptr, cb, 0});
  std::vector<VkSemaphoreSubmitInfo> sig(signals.begin(), signals.end());
  sig.push_back(
      {VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO, nullptr, m_timeline, serial, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, 0});
  VkSubmitInfo2 si{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
  si.waitSemaphoreInfoCount = (uint32_t)waits.size();
  si.pWaitSemaphoreInfos = waits.data();
  si.commandBufferInfoCount = (uint32_t)cbs.size();
  si.pCommandBufferInfos = cbs.data();
  si.signalSemaphoreInfoCount = (uint32_t)sig.size();
  si.pSignalSemaphoreInfos = sig.data();
  VK_CHECK(vkQueueSubmit2(m_queue, 1, &si, VK_NULL_HANDLE));
  m_submitted = serial;
  return serial;
}

VkResult Context::present(const VkPresentInfoKHR& info) {
  std::lock_guard lock(m_queueMutex);
  return vkQueuePresentKHR(m_queue, &info);
}

uint64_t Context::completedSerial() const {
  uint64_t value = 0;
  VK_CHECK(vkGetSemaphoreCounterValue(m_device, m_timeline, &value));
  return value;
}

void Context::waitSerial(uint64_t serial) const {
  if (serial == 0) return;
  VkSemaphoreWaitInfo wi{VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO};
  wi.semaphoreCount = 1;
  wi.pSemaphores = &m_timeline;
  wi.pValues = &serial;
  VK_CHECK(vkWaitSemaphores(m_device, &wi, UINT64_MAX));
}

void Context::waitIdle() {
  {
    std::lock_guard lock(m_queueMutex);
    VK_CHECK(vkQueueWaitIdle(m_queue));
  }
  collectGarbage();
}

void Context::immediateSubmit(const std::function<void(VkCommandBuffer)>& record) {
  VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  ai.commandPool = m_immediatePool;
  ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  ai.commandBufferCount = 1;
  VkCommandBuffer cb;
  {
    std::lock_guard lock(m_queueMutex);  // the pool is shared: guard allocation too
    VK_CHECK(vkAllocateCommandBuffers(m_device, &ai, &cb));
  }
  VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  VK_CHECK(vkBeginCommandBuffer(cb, &bi));
  record(cb);
  VK_CHECK(vkEndCommandBuffer(cb));
  waitSerial(submit({&cb, 1}));
  {
    std::lock_guard lock(m_queueMutex);
    vkFreeCommandBuffers(m_device, m_immediatePool, 1, &cb);
  }
  collectGarbage();
}

void Context::retire(std::function<void()> destroy) {
  std::lock_guard lock(m_retireMutex);
  m_retired.push_back({m_submitted + (m_recording > 0 ? 1 : 0), std::move(destroy)});
}

void Context::collectGarbage() {
  uint64_t done = completedSerial();
  std::deque<Retired> ready;
  {
    std::lock_guard lock(m_retireMutex);
    while (!m_retired.empty() && m_retired.front().serial <= done) {
      ready.push_back(std::move(m_retired.front()));
      m_retired.pop_front();
    }
  }
  for (Retired& r : ready) r.destroy();
}

}  // namespace ts::gpu
