# cmake -P: copy WEB_DIR into SITE_DIR; write PLACEHOLDER as index.html when the page has none yet.
file(MAKE_DIRECTORY ${SITE_DIR})
if(EXISTS ${WEB_DIR})
  file(COPY ${WEB_DIR}/ DESTINATION ${SITE_DIR})
endif()
if(NOT EXISTS ${WEB_DIR}/index.html)
  configure_file(${PLACEHOLDER} ${SITE_DIR}/index.html COPYONLY)
endif()
