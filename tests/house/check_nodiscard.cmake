# Compiles two probes with the project's flags: a dropped Result<T> must fail the build
# (core/result.h marks Result [[nodiscard]]; CMakeLists.txt makes unused-result an error),
# a kept one must build.
foreach(probe kept_result discarded_result)
  execute_process(COMMAND ${CXX} -std=c++23 -Wall -Wextra -Werror=unused-result -fsyntax-only -I${PROJECT_ROOT}/engine
                          ${CMAKE_CURRENT_LIST_DIR}/${probe}.cpp
                  RESULT_VARIABLE rc_${probe} OUTPUT_VARIABLE out_${probe} ERROR_VARIABLE out_${probe})
endforeach()
if(NOT rc_kept_result EQUAL 0)
  message(FATAL_ERROR "a kept Result did not compile:\n${out_kept_result}")
endif()
if(rc_discarded_result EQUAL 0)
  message(FATAL_ERROR "a dropped Result<int> compiled: Result is not [[nodiscard]] or unused-result is not an error")
endif()
if(NOT out_discarded_result MATCHES "ignoring returned value of type" OR NOT out_discarded_result MATCHES "ts::Result<int>")
  message(FATAL_ERROR "the dropped Result failed for another reason:\n${out_discarded_result}")
endif()
message(STATUS "a dropped Result<T> fails the build; a kept one builds")
