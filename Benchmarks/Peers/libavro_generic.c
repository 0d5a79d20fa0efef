/* libavro (avro-c) generic value API on the same schema and bytes as avro-codec-bench:
 *   libavro_generic SCHEMA.avsc HEX-BYTES ITERATIONS
 * prints "encode_ns decode_ns" per record. Decoding reads into a reused generic value; encoding
 * writes that value into a reused memory buffer (avro-c's fastest generic paths). */
#include <avro.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static char *read_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *text = malloc(size + 1);
    if (fread(text, 1, size, file) != (size_t)size) { fclose(file); free(text); return NULL; }
    text[size] = 0;
    fclose(file);
    return text;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s SCHEMA.avsc HEX-BYTES ITERATIONS\n", argv[0]); return 2; }
    char *json = read_file(argv[1]);
    avro_schema_t schema;
    if (!json || avro_schema_from_json_length(json, strlen(json), &schema)) { fprintf(stderr, "schema: %s\n", avro_strerror()); return 1; }
    size_t length = strlen(argv[2]) / 2;
    char *bytes = malloc(length);
    for (size_t i = 0; i < length; i++) sscanf(argv[2] + 2 * i, "%2hhx", (unsigned char *)&bytes[i]);
    long iterations = atol(argv[3]);

    avro_value_iface_t *class = avro_generic_class_from_schema(schema);
    avro_value_t value;
    avro_generic_value_new(class, &value);
    avro_reader_t reader = avro_reader_memory(bytes, length);
    char *out = malloc(length * 4 + 64);
    avro_writer_t writer = avro_writer_memory(out, length * 4 + 64);

    double start = now();
    for (long i = 0; i < iterations; i++) {
        avro_reader_memory_set_source(reader, bytes, length);
        avro_value_reset(&value);
        if (avro_value_read(reader, &value)) { fprintf(stderr, "read: %s\n", avro_strerror()); return 1; }
    }
    double decode = (now() - start) / iterations;

    start = now();
    for (long i = 0; i < iterations; i++) {
        avro_writer_reset(writer);
        if (avro_value_write(writer, &value)) { fprintf(stderr, "write: %s\n", avro_strerror()); return 1; }
    }
    double encode = (now() - start) / iterations;
    if ((size_t)avro_writer_tell(writer) != length || memcmp(out, bytes, length) != 0) {
        fprintf(stderr, "libavro re-encoded different bytes\n");
        return 1;
    }
    printf("%.1f %.1f\n", encode, decode);
    avro_writer_free(writer);
    avro_reader_free(reader);
    avro_value_decref(&value);
    avro_value_iface_decref(class);
    avro_schema_decref(schema);
    free(out);
    free(bytes);
    free(json);
    return 0;
}
