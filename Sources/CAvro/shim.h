// Shim for the system library libavro-dev (avro-c via pkg-config). Swift code imports it only
// through the one wrapper file that owns its handles.
#include <avro.h>
