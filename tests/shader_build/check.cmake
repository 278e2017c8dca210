# Configures and builds tests/shader_build; passes only if the build fails and the
# output carries glslc's error for broken.frag.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR} -B ${WORK_DIR} -DPROJECT_ROOT=${PROJECT_ROOT}
                RESULT_VARIABLE configured OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT configured EQUAL 0)
  message(FATAL_ERROR "probe project did not configure:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}
                RESULT_VARIABLE built OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(built EQUAL 0)
  message(FATAL_ERROR "a broken shader built successfully")
endif()
if(NOT out MATCHES "broken.frag:4: error: 'undeclaredThing'")
  message(FATAL_ERROR "the build failed without glslc's message:\n${out}")
endif()
message(STATUS "broken shader failed the build with glslc's message")
