# cmake -P: the site folder. Copies WEB_DIR into SITE_DIR and docs/accuracy.md (the page's accuracy
# table) into SITE_DIR/data/; with node, minifies the copy's scripts (terser, when npm installed it) and
# strips the stylesheet's comments (scripts/strip-page.mjs); with NATIVE_CLI (the native headroom CLI) and node, prerenders the
# default scenario's result into index.html (scripts/prerender-page.mjs). Without them the page
# still works: it renders the result once the wasm module is loaded.
get_filename_component(ROOT ${WEB_DIR} DIRECTORY)
file(MAKE_DIRECTORY ${SITE_DIR})
file(COPY ${WEB_DIR}/ DESTINATION ${SITE_DIR})
file(COPY ${ROOT}/docs/accuracy.md DESTINATION ${SITE_DIR}/data)
file(REMOVE ${SITE_DIR}/prerender.json ${SITE_DIR}/data/answers.json)
find_program(NODE_EXECUTABLE NAMES node nodejs)
if(NODE_EXECUTABLE)
  execute_process(COMMAND ${NODE_EXECUTABLE} ${ROOT}/scripts/strip-page.mjs ${SITE_DIR})
endif()
if(NATIVE_CLI AND EXISTS "${NATIVE_CLI}" AND NODE_EXECUTABLE)
  execute_process(
    COMMAND ${NODE_EXECUTABLE} ${ROOT}/scripts/prerender-page.mjs --cli ${NATIVE_CLI} --site ${SITE_DIR}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(WARNING "page: prerendering the default result failed (${rc}); the page renders it once the module is loaded")
  endif()
else()
  message(STATUS "page: no prerendered result (NATIVE_CLI='${NATIVE_CLI}', node='${NODE_EXECUTABLE}')")
endif()
