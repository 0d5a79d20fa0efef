internal import CRdKafka

/// The producer's librdkafka calls, each on the counted handle.
extension RDKafkaClient {
    /// A producer client whose delivery reports resume ``KafkaDelivery`` and
    /// ``KafkaBatchDelivery`` (see ``RDKafkaProduce/deliveryCallback``).
    static func producer(properties: [String: String], context: RDKafkaClientContext) throws(KafkaError) -> RDKafkaClient {
        try RDKafkaClient(kind: .producer, properties: properties, context: context) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, RDKafkaProduce.deliveryCallback)
        }
    }

    /// Serves delivery reports for up to `milliseconds`; false once the client is closed.
    func serveReports(milliseconds: Int32) -> Bool {
        (try? withHandle { handle throws(KafkaError) in rd_kafka_poll(handle, milliseconds) }) != nil
    }

    /// Hands one record to librdkafka without waiting: nil when it took it, else why not. The
    /// delivery report goes to `opaque`.
    func produce(
        topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader], partition: Int32?, opaque: UnsafeMutableRawPointer
    ) throws(KafkaError) -> RDKafkaRefusal? {
        try withHandle { handle throws(KafkaError) -> RDKafkaRefusal? in
            let refusal = RDKafkaProduce.enqueue(handle, topic: topic, key: key, value: value, headers: headers, partition: partition, opaque: opaque)
            // Serve delivery reports that are already in, here, as librdkafka's own producers
            // do: a report's memory is freed by the thread that allocated it, and the poll thread
            // wakes less often.
            if refusal == nil { rd_kafka_poll(handle, 0) }
            return refusal
        }
    }

    /// Waits up to `milliseconds` until every record handed over is delivered.
    func flush(milliseconds: Int32) throws(KafkaError) {
        try withHandle { handle throws(KafkaError) in
            let code = rd_kafka_flush(handle, milliseconds)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw .delivery(topic: "*", code: KafkaError.Code(code), message: Self.errorMessage(code))
            }
        }
    }
}
