// Shim for the system library librdkafka-dev (rdkafka via pkg-config). Swift code imports it only
// through SchemaWireKafka's RDKafka folder, which owns every librdkafka handle.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
