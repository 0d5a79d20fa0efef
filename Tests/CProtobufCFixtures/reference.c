#include "protobuf_c_reference.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
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

/* A growing text buffer for reference_describe. */
typedef struct {
    char *data;
    size_t length, capacity;
    int failed;
} Text;

static void append(Text *text, const char *format, ...) {
    if (text->failed) return;
    for (;;) {
        va_list arguments;
        va_start(arguments, format);
        int needed = vsnprintf(text->data + text->length, text->capacity - text->length, format, arguments);
        va_end(arguments);
        if (needed < 0) { text->failed = 1; return; }
        if ((size_t)needed < text->capacity - text->length) { text->length += (size_t)needed; return; }
        size_t capacity = (text->capacity + (size_t)needed + 1) * 2;
        char *grown = realloc(text->data, capacity);
        if (grown == NULL) { text->failed = 1; return; }
        text->data = grown;
        text->capacity = capacity;
    }
}

static void append_hex(Text *text, const char *prefix, const uint8_t *bytes, size_t length) {
    append(text, "%s", prefix);
    for (size_t i = 0; i < length; i++) append(text, "%02x", bytes[i]);
}

static size_t element_size(ProtobufCType type) {
    switch (type) {
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE: return 8;
    case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_STRING: return sizeof(char *);
    case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_MESSAGE: return sizeof(ProtobufCMessage *);
    default: return 4;
    }
}

static void describe_message(Text *text, const ProtobufCMessage *message);

static void describe_value(Text *text, ProtobufCType type, const void *member) {
    switch (type) {
    case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
        append(text, "%" PRId32, *(const int32_t *)member); break;
    case PROTOBUF_C_TYPE_ENUM: append(text, "%d", *(const int *)member); break;
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
        append(text, "%" PRId64, *(const int64_t *)member); break;
    case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32: append(text, "%" PRIu32, *(const uint32_t *)member); break;
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64: append(text, "%" PRIu64, *(const uint64_t *)member); break;
    case PROTOBUF_C_TYPE_FLOAT: { uint32_t bits; memcpy(&bits, member, 4); append(text, "f%08" PRIx32, bits); break; }
    case PROTOBUF_C_TYPE_DOUBLE: { uint64_t bits; memcpy(&bits, member, 8); append(text, "d%016" PRIx64, bits); break; }
    case PROTOBUF_C_TYPE_BOOL: append(text, "%s", *(const protobuf_c_boolean *)member ? "true" : "false"); break;
    case PROTOBUF_C_TYPE_STRING: {
        const char *string = *(char *const *)member;
        append_hex(text, "s", (const uint8_t *)string, string == NULL ? 0 : strlen(string));
        break;
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *data = member;
        append_hex(text, "b", data->data, data->len);
        break;
    }
    case PROTOBUF_C_TYPE_MESSAGE:
        append(text, "{");
        describe_message(text, *(ProtobufCMessage *const *)member);
        append(text, "}");
        break;
    }
}

/* Every present field as "NUMBER:VALUE " in field-number order (protoc-c sorts them so); repeated
   fields once per element. What protobuf-c itself holds, not what it would write. */
static void describe_message(Text *text, const ProtobufCMessage *message) {
    const ProtobufCMessageDescriptor *descriptor = message->descriptor;
    const char *base = (const char *)message;
    for (unsigned i = 0; i < descriptor->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &descriptor->fields[i];
        const void *member = base + field->offset;
        if (field->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t count = *(const size_t *)(base + field->quantifier_offset);
            const char *elements = *(char *const *)member;
            for (size_t k = 0; k < count; k++) {
                append(text, "%u:", field->id);
                describe_value(text, field->type, elements + k * element_size(field->type));
                append(text, " ");
            }
            continue;
        }
        if (field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            if (*(const uint32_t *)(base + field->quantifier_offset) != field->id) continue;
        } else if (field->type == PROTOBUF_C_TYPE_MESSAGE) {
            if (*(ProtobufCMessage *const *)member == NULL) continue;
        } else if (field->label == PROTOBUF_C_LABEL_OPTIONAL && field->type != PROTOBUF_C_TYPE_STRING) {
            if (!*(const protobuf_c_boolean *)(base + field->quantifier_offset)) continue;
        } else if (field->type == PROTOBUF_C_TYPE_STRING && *(char *const *)member == NULL) {
            continue;
        }
        append(text, "%u:", field->id);
        describe_value(text, field->type, member);
        append(text, " ");
    }
}

long reference_describe(const char *full_name, const uint8_t *input, size_t length, char **output) {
    const ProtobufCMessageDescriptor *descriptor = find(full_name);
    if (descriptor == NULL) return -2;
    ProtobufCMessage *message = protobuf_c_message_unpack(descriptor, NULL, length, input);
    if (message == NULL) return -1;
    Text text = {malloc(256), 0, 256, 0};
    if (text.data == NULL) text.failed = 1;
    describe_message(&text, message);
    protobuf_c_message_free_unpacked(message, NULL);
    if (text.failed) {
        free(text.data);
        return -1;
    }
    *output = text.data;
    return (long)text.length;
}
