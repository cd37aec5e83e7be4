# Compiler settings shared by every Flotilla target: ccache, warnings, sanitizers.

find_program(FLOTILLA_CCACHE ccache)
if(FLOTILLA_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${FLOTILLA_CCACHE}")
endif()

add_library(flotilla_compile_options INTERFACE)
add_library(flotilla::compile_options ALIAS flotilla_compile_options)

target_compile_options(flotilla_compile_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough
  # designated initializers leave the rest default on purpose
  -Wno-missing-field-initializers)
target_compile_definitions(flotilla_compile_options INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_USE_QSTRINGBUILDER)

if(FLOTILLA_WERROR)
  target_compile_options(flotilla_compile_options INTERFACE -Werror)
endif()

if(FLOTILLA_SANITIZE)
  set(_flotilla_san -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_compile_options(flotilla_compile_options INTERFACE ${_flotilla_san})
  target_link_options(flotilla_compile_options INTERFACE ${_flotilla_san})
endif()
