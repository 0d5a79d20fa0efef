// Shim for the system library libcurl4-openssl-dev (libcurl via pkg-config). Swift code imports it only
// through the one wrapper file that owns its handles.
#include <curl/curl.h>
