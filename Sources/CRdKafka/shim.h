// Shim for the system library librdkafka-dev (rdkafka via pkg-config). Swift code imports it only
// through the one wrapper file that owns its handles.
#include <librdkafka/rdkafka.h>
