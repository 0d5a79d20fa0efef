// Shim for the system library libprotobuf-c-dev (libprotobuf-c via pkg-config). Swift code imports it only
// through the one wrapper file that owns its handles.
#include <protobuf-c/protobuf-c.h>
