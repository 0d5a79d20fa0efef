// Shim for the system library zlib1g-dev (zlib via pkg-config). Swift code imports it only
// through the one wrapper file that owns its handles.
#include <zlib.h>
