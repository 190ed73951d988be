# The Debian package: `cpack -G DEB` in the build folder (scripts/package) makes
# lwm2m-ept_<version>_<arch>.deb holding the plugin in the system plugin folder of the Wireshark it
# was built against, lwm2m-replay with its man page, and the README.
# Depends comes from dpkg-shlibdeps: the libwireshark ABI package (libwireshark16 for 4.0),
# libpcap, libcoap, the C++ runtime.

include(GNUInstallDirs)

# Debian ships man pages compressed (gzip -n: reproducible).
set(lwm2m_man_page "${CMAKE_CURRENT_BINARY_DIR}/lwm2m-replay.1.gz")
add_custom_command(OUTPUT "${lwm2m_man_page}"
                   COMMAND gzip -9n -c "${PROJECT_SOURCE_DIR}/replay/lwm2m-replay.1"
                           > "${lwm2m_man_page}"
                   DEPENDS "${PROJECT_SOURCE_DIR}/replay/lwm2m-replay.1"
                   COMMENT "Compressing the man page")
add_custom_target(lwm2m_man_page ALL DEPENDS "${lwm2m_man_page}")
install(FILES "${lwm2m_man_page}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1" COMPONENT replay)
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}"
        COMPONENT replay)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lwm2m-ept)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "lwm2m-ept maintainers <maintainers@lwm2m-ept.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "LwM2M Endpoint Client Name Type (ept): Wireshark plugin and lwm2m-replay")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Wireshark dissector plugin that decodes LwM2M Register, Update, De-register and\n\
Bootstrap-Request URIs over CoAP, labels the Endpoint Client Name Type (ept) and\n\
flags every invalid Endpoint Client Name, in Wireshark and tshark; and\n\
lwm2m-replay, which reruns the LwM2M exchanges of a capture against a live\n\
server and reports where the live server answers differently.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The plugin loads only into the Wireshark major.minor it was built for: besides dpkg-shlibdeps'
# lower bound, pin the libwireshark package (its name carries the ABI) to that series.
if(LWM2M_EPAN_LIBRARY)
  get_filename_component(lwm2m_epan_library "${LWM2M_EPAN_LIBRARY}" REALPATH)
  execute_process(COMMAND dpkg-query -S "${lwm2m_epan_library}"
                  OUTPUT_VARIABLE lwm2m_epan_owner ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX MATCH "^[^:]+" lwm2m_epan_package "${lwm2m_epan_owner}")
endif()
if(lwm2m_epan_package)
  string(REPLACE "." ";" lwm2m_abi "${LWM2M_WIRESHARK_ABI}")
  list(GET lwm2m_abi 0 lwm2m_major)
  list(GET lwm2m_abi 1 lwm2m_minor)
  math(EXPR lwm2m_next_minor "${lwm2m_minor} + 1")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "${lwm2m_epan_package} (>= ${LWM2M_WIRESHARK_ABI}), ${lwm2m_epan_package} (<< ${lwm2m_major}.${lwm2m_next_minor}~)")
else()
  message(STATUS "lwm2m: no Debian package owns '${LWM2M_EPAN_LIBRARY}': Depends from dpkg-shlibdeps only")
endif()
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "tshark | wireshark")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Only what a user installs: not the generator, tests or benchmarks.
set(CPACK_COMPONENTS_ALL plugin replay)
set(CPACK_DEB_COMPONENT_INSTALL OFF)
set(CPACK_STRIP_FILES ON)
include(CPack)
