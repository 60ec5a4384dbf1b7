# Install rules (included from the top-level CMakeLists.txt when LETHE_INSTALL is ON):
#   <prefix>/include/lethe/**                 the public headers (core/lethe/, as included)
#   <prefix>/lib/liblethe_core.a              Lethe::core
#   <prefix>/lib/liblethe_experiments.a       Lethe::experiments (the report's protocols)
#   <prefix>/lib/cmake/Lethe/                 LetheConfig.cmake, LetheConfigVersion.cmake, LetheTargets.cmake
#   <prefix>/lib/pkgconfig/lethe.pc           for pkg-config users
# Eigen is a dependency, found again by the consumer (find_dependency), never copied.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LETHE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Lethe)

install(TARGETS lethe_core lethe_experiments
  EXPORT LetheTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# The public headers; detail/ folders are the sources' own and stay out.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/lethe
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp"
  PATTERN "detail" EXCLUDE)

install(EXPORT LetheTargets
  NAMESPACE Lethe::
  DESTINATION ${LETHE_CMAKE_DIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/LetheConfig.cmake.in
  ${PROJECT_BINARY_DIR}/LetheConfig.cmake
  INSTALL_DESTINATION ${LETHE_CMAKE_DIR})
# 0.x: same major version is the compatibility rule Eigen and most packages use;
# find_package(Lethe 0.2) accepts 0.2.0 … 0.x.y.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/LetheConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/LetheConfig.cmake ${PROJECT_BINARY_DIR}/LetheConfigVersion.cmake
  DESTINATION ${LETHE_CMAKE_DIR})

# pkg-config: relative to the .pc file's own location, so the prefix can move.
file(RELATIVE_PATH LETHE_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" LETHE_PC_TO_PREFIX "${LETHE_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/lethe.pc.in ${PROJECT_BINARY_DIR}/lethe.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/lethe.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
