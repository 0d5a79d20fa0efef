// Shim for the system library libavro-dev (avro-c via pkg-config). Swift code imports it only
// through the one wrapper file that owns its handles. avro-c's value API is a set of macros over
// an interface table; these inline functions give Swift something it can call.
#include <avro.h>

static inline int swa_set_null(avro_value_t *v) { return avro_value_set_null(v); }
static inline int swa_set_boolean(avro_value_t *v, int b) { return avro_value_set_boolean(v, b); }
static inline int swa_set_int(avro_value_t *v, int32_t i) { return avro_value_set_int(v, i); }
static inline int swa_set_long(avro_value_t *v, int64_t l) { return avro_value_set_long(v, l); }
static inline int swa_set_float(avro_value_t *v, float f) { return avro_value_set_float(v, f); }
static inline int swa_set_double(avro_value_t *v, double d) { return avro_value_set_double(v, d); }
static inline int swa_set_bytes(avro_value_t *v, void *buf, size_t size) { return avro_value_set_bytes(v, buf, size); }
/* size counts the terminating NUL, as avro-c requires. */
static inline int swa_set_string_len(avro_value_t *v, const char *s, size_t size) { return avro_value_set_string_len(v, s, size); }
static inline int swa_set_enum(avro_value_t *v, int symbol) { return avro_value_set_enum(v, symbol); }
static inline int swa_set_fixed(avro_value_t *v, void *buf, size_t size) { return avro_value_set_fixed(v, buf, size); }
static inline int swa_get_by_index(const avro_value_t *v, size_t index, avro_value_t *child) { return avro_value_get_by_index(v, index, child, NULL); }
static inline int swa_append(avro_value_t *v, avro_value_t *child) { return avro_value_append(v, child, NULL); }
static inline int swa_add(avro_value_t *v, const char *key, avro_value_t *child) { return avro_value_add(v, key, child, NULL, NULL); }
static inline int swa_set_branch(avro_value_t *v, int discriminant, avro_value_t *branch) { return avro_value_set_branch(v, discriminant, branch); }
static inline void swa_iface_decref(avro_value_iface_t *iface) { avro_value_iface_decref(iface); }
