// Test-only entry points into protobuf-c (the C reference implementation) for the messages that
// protoc-c compiled from agreement.proto and legacy.proto.
#ifndef PROTOBUF_C_REFERENCE_H
#define PROTOBUF_C_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

/// Unpacks `length` bytes as the message named `full_name` (e.g. "agreement.Order") with
/// protobuf-c and packs the result again. Returns the packed size and stores a malloc'ed buffer in
/// `*output` (free with reference_free), or returns -1 when protobuf-c rejects the input and -2
/// when the message name is unknown.
long reference_repack(const char *full_name, const uint8_t *input, size_t length, uint8_t **output);

/// Frees a buffer returned by reference_repack.
void reference_free(uint8_t *buffer);

/// Benchmarks protobuf-c on `input` (a valid message named `full_name`): the mean nanoseconds of
/// one pack (of a message unpacked once) and of one unpack+free, over `iterations` each. Returns 0,
/// or -1/-2 like reference_repack.
int reference_bench(const char *full_name, const uint8_t *input, size_t length, long iterations, double *pack_ns, double *unpack_ns);

/// What protobuf-c holds after unpacking `length` bytes as `full_name`: every present field as
/// "NUMBER:VALUE " in number order (integers in decimal, floats and doubles as their IEEE bits in
/// hex after f/d, strings and bytes as hex after s/b, messages in braces), repeated fields once per
/// element. Stores a malloc'ed text in `*output` (free with reference_free) and returns its length,
/// or -1/-2 like reference_repack.
long reference_describe(const char *full_name, const uint8_t *input, size_t length, char **output);

#endif
