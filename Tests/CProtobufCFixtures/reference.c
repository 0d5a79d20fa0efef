#include "protobuf_c_reference.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agreement.pb-c.h"
#include "legacy.pb-c.h"

static const ProtobufCMessageDescriptor *const descriptors[] = {
    &agreement__scalars__descriptor,
    &agreement__repeated__descriptor,
    &agreement__order__descriptor,
    &agreement__order__line__descriptor,
    &legacy__record__descriptor,
};

static const ProtobufCMessageDescriptor *find(const char *full_name) {
    for (size_t i = 0; i < sizeof(descriptors) / sizeof(descriptors[0]); i++) {
        if (strcmp(descriptors[i]->name, full_name) == 0) return descriptors[i];
    }
    return NULL;
}

long reference_repack(const char *full_name, const uint8_t *input, size_t length, uint8_t **output) {
    const ProtobufCMessageDescriptor *descriptor = find(full_name);
    if (descriptor == NULL) return -2;
    ProtobufCMessage *message = protobuf_c_message_unpack(descriptor, NULL, length, input);
    if (message == NULL) return -1;
    size_t size = protobuf_c_message_get_packed_size(message);
    uint8_t *buffer = malloc(size > 0 ? size : 1);
    if (buffer == NULL) {
        protobuf_c_message_free_unpacked(message, NULL);
        return -1;
    }
    size_t written = protobuf_c_message_pack(message, buffer);
    protobuf_c_message_free_unpacked(message, NULL);
    *output = buffer;
    return (long)written;
}

void reference_free(uint8_t *buffer) { free(buffer); }

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int reference_bench(const char *full_name, const uint8_t *input, size_t length, long iterations, double *pack_ns, double *unpack_ns) {
    const ProtobufCMessageDescriptor *descriptor = find(full_name);
    if (descriptor == NULL) return -2;
    ProtobufCMessage *message = protobuf_c_message_unpack(descriptor, NULL, length, input);
    if (message == NULL) return -1;
    uint8_t *buffer = malloc(length + 64);
    size_t checksum = 0;
    double start = now_ns();
    for (long i = 0; i < iterations; i++) {
        /* What a serializer does per record: size the output, allocate it, pack. */
        size_t size = protobuf_c_message_get_packed_size(message);
        uint8_t *out = malloc(size > 0 ? size : 1);
        checksum += protobuf_c_message_pack(message, out);
        free(out);
    }
    *pack_ns = (now_ns() - start) / (double)iterations;
    protobuf_c_message_free_unpacked(message, NULL);
    start = now_ns();
    for (long i = 0; i < iterations; i++) {
        ProtobufCMessage *decoded = protobuf_c_message_unpack(descriptor, NULL, length, input);
        checksum += decoded != NULL;
        protobuf_c_message_free_unpacked(decoded, NULL);
    }
    *unpack_ns = (now_ns() - start) / (double)iterations;
    free(buffer);
    return checksum > 0 ? 0 : -1;
}
