// Shim for the system library libcurl4-openssl-dev (libcurl via pkg-config). Swift code imports it
// only through the one transport file that owns curl handles. curl_easy_setopt and
// curl_easy_getinfo are variadic, which Swift cannot call; these typed wrappers can be.
#include <curl/curl.h>

typedef size_t (*swcurl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode swcurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode swcurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode swcurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode swcurl_setopt_write_function(CURL *handle, swcurl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}
static inline CURLcode swcurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode swcurl_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}
