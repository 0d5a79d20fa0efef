/* Raw librdkafka produce of pre-serialized records, the peer of kafka-produce-bench:
 *   rdkafka_produce FRAMES-FILE RECORDS ROUNDS [BOOTSTRAP]
 * FRAMES-FILE holds records as [u32 key length][key][u32 value length][value] (little endian),
 * written by kafka-produce-bench. Same setup as the Swift side: librdkafka's mock cluster in this
 * process, topic `orders` with 12 partitions, idempotent producer, acks=all, lz4, linger.ms=5;
 * enqueue every record, then poll until every delivery report arrived. Prints the best records/s.
 * With BOOTSTRAP, the records go to that broker's existing topic `orders` instead. */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long delivered, failed;
static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
    if (message->err) failed++; else delivered++;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

struct frame { char *key; uint32_t key_length; char *value; uint32_t value_length; };

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) { fprintf(stderr, "usage: %s FRAMES-FILE RECORDS ROUNDS [BOOTSTRAP]\n", argv[0]); return 2; }
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 1; }
    struct frame frames[100000];
    int count = 0;
    uint32_t length;
    while (count < 100000 && fread(&length, 4, 1, file) == 1) {
        frames[count].key_length = length;
        frames[count].key = malloc(length);
        if (fread(frames[count].key, 1, length, file) != length || fread(&length, 4, 1, file) != 1) return 1;
        frames[count].value_length = length;
        frames[count].value = malloc(length);
        if (fread(frames[count].value, 1, length, file) != length) return 1;
        count++;
    }
    fclose(file);
    long records = atol(argv[2]);
    int rounds = atoi(argv[3]);

    char error[512];
    rd_kafka_t *owner = NULL;
    rd_kafka_mock_cluster_t *cluster = NULL;
    const char *bootstrap = argc == 5 ? argv[4] : NULL;
    if (!bootstrap) {
        owner = rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), error, sizeof error);
        cluster = rd_kafka_mock_cluster_new(owner, 1);
        rd_kafka_mock_topic_create(cluster, "orders", 12, 1);
        bootstrap = rd_kafka_mock_cluster_bootstraps(cluster);
    }
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *settings[][2] = {
        {"bootstrap.servers", bootstrap}, {"enable.idempotence", "true"}, {"acks", "all"},
        {"max.in.flight.requests.per.connection", "5"}, {"compression.type", "lz4"}, {"linger.ms", "5"},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        if (rd_kafka_conf_set(conf, settings[i][0], settings[i][1], error, sizeof error)) { fprintf(stderr, "%s\n", error); return 1; }
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);

    double best = 0;
    for (int round = 0; round <= rounds; round++) {  /* round 0 warms up */
        delivered = failed = 0;
        double start = now();
        for (long i = 0; i < records; i++) {
            struct frame *f = &frames[i % count];
            while (rd_kafka_producev(producer, RD_KAFKA_V_TOPIC("orders"), RD_KAFKA_V_KEY(f->key, f->key_length),
                       RD_KAFKA_V_VALUE(f->value, f->value_length), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END)
                   == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                rd_kafka_poll(producer, 10);
            rd_kafka_poll(producer, 0);
        }
        /* Wait for the reports by polling, as the Swift side awaits them (rd_kafka_flush would also
           skip linger.ms, which the Swift side does not). */
        while (delivered + failed < records) rd_kafka_poll(producer, 100);
        double rate = records / (now() - start);
        if (delivered != records || failed) { fprintf(stderr, "delivered %ld of %ld\n", delivered, records); return 1; }
        if (round > 0 && rate > best) best = rate;
    }
    printf("%.0f\n", best);
    rd_kafka_destroy(producer);
    if (cluster) rd_kafka_mock_cluster_destroy(cluster);
    if (owner) rd_kafka_destroy(owner);
    return 0;
}
