internal import CRdKafka

/// librdkafka's admin API (`rd_kafka_CreateTopics`, `DeleteTopics`, `DescribeConfigs`, metadata)
/// over one client handle. Each request blocks on its own result queue, so it runs on a dispatch
/// queue, never on Swift's cooperative pool.
struct RDKafkaAdmin: Sendable {
    let client: RDKafkaClient

    /// Runs one admin request: `start` issues it on a fresh queue; the first event is its result.
    private func request(
        _ operation: String, topic: String, kind: rd_kafka_admin_op_t, timeout: Duration,
        start: (OpaquePointer, OpaquePointer?, OpaquePointer) -> Void, read: (OpaquePointer) throws(KafkaError) -> Void
    ) throws(KafkaError) {
        try client.withHandle { (handle) throws(KafkaError) in
            guard let queue = rd_kafka_queue_new(handle) else { throw .admin(operation: operation, topic: topic, code: .unknown, message: "no result queue") }
            defer { rd_kafka_queue_destroy(queue) }
            let options = rd_kafka_AdminOptions_new(handle, kind)
            defer { rd_kafka_AdminOptions_destroy(options) }
            let milliseconds = timeout.librdkafkaMilliseconds
            var errorBuffer = [CChar](repeating: 0, count: 256)
            _ = rd_kafka_AdminOptions_set_operation_timeout(options, milliseconds, &errorBuffer, errorBuffer.count)
            _ = rd_kafka_AdminOptions_set_request_timeout(options, milliseconds, &errorBuffer, errorBuffer.count)
            start(handle, options, queue)
            guard let event = rd_kafka_queue_poll(queue, milliseconds + 5000) else {
                throw .admin(operation: operation, topic: topic, code: .timedOut, message: "no answer within \(timeout)")
            }
            defer { rd_kafka_event_destroy(event) }
            let code = rd_kafka_event_error(event)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw .admin(operation: operation, topic: topic, code: KafkaError.Code(code), message: String(cString: rd_kafka_event_error_string(event)))
            }
            try read(event)
        }
    }

    private static func check(_ results: UnsafeMutablePointer<OpaquePointer?>?, count: Int, operation: String, topic: String) throws(KafkaError) {
        for index in 0..<count {
            guard let result = results?[index] else { continue }
            let code = rd_kafka_topic_result_error(result)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                let message = rd_kafka_topic_result_error_string(result).map { String(cString: $0) } ?? RDKafkaClient.errorMessage(code)
                throw .admin(operation: operation, topic: topic, code: KafkaError.Code(code), message: message)
            }
        }
    }

    func createTopic(_ spec: KafkaTopicSpec, timeout: Duration) throws(KafkaError) {
        var errorBuffer = [CChar](repeating: 0, count: 512)
        guard let newTopic = rd_kafka_NewTopic_new(spec.name, Int32(spec.partitions), Int32(spec.replicationFactor), &errorBuffer, errorBuffer.count) else {
            throw .admin(operation: "creation", topic: spec.name, code: .unknown, message: String(cString: errorBuffer))
        }
        defer { rd_kafka_NewTopic_destroy(newTopic) }
        for (name, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
            let code = rd_kafka_NewTopic_set_config(newTopic, name, value)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw .admin(operation: "creation", topic: spec.name, code: KafkaError.Code(code), message: "config \(name)=\(value): \(RDKafkaClient.errorMessage(code))")
            }
        }
        try request("creation", topic: spec.name, kind: RD_KAFKA_ADMIN_OP_CREATETOPICS, timeout: timeout) { handle, options, queue in
            var topics: [OpaquePointer?] = [newTopic]
            rd_kafka_CreateTopics(handle, &topics, 1, options, queue)
        } read: { (event) throws(KafkaError) in
            var count = 0
            let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
            try Self.check(results, count: count, operation: "creation", topic: spec.name)
        }
    }

    func deleteTopic(_ name: String, timeout: Duration) throws(KafkaError) {
        guard let deletion = rd_kafka_DeleteTopic_new(name) else { throw .admin(operation: "deletion", topic: name, code: .unknown, message: "invalid name") }
        defer { rd_kafka_DeleteTopic_destroy(deletion) }
        try request("deletion", topic: name, kind: RD_KAFKA_ADMIN_OP_DELETETOPICS, timeout: timeout) { handle, options, queue in
            var topics: [OpaquePointer?] = [deletion]
            rd_kafka_DeleteTopics(handle, &topics, 1, options, queue)
        } read: { (event) throws(KafkaError) in
            var count = 0
            let results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count)
            try Self.check(results, count: count, operation: "deletion", topic: name)
        }
    }

    /// Partitions, leaders and replicas from cluster metadata (all topics are requested, so that
    /// describing never auto-creates the topic).
    func partitions(of name: String, timeout: Duration) throws(KafkaError) -> [KafkaTopicDescription.Partition] {
        try client.withHandle { (handle) throws(KafkaError) in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let code = rd_kafka_metadata(handle, 1, nil, &metadata, Int32(timeout.components.seconds * 1000))
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                throw .admin(operation: "description", topic: name, code: KafkaError.Code(code), message: RDKafkaClient.errorMessage(code))
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            for topic in UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt)) where String(cString: topic.topic) == name {
                guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw .admin(operation: "description", topic: name, code: KafkaError.Code(topic.err), message: RDKafkaClient.errorMessage(topic.err))
                }
                return UnsafeBufferPointer(start: topic.partitions, count: Int(topic.partition_cnt)).map { partition in
                    KafkaTopicDescription.Partition(
                        id: partition.id, leader: partition.leader,
                        replicas: Array(UnsafeBufferPointer(start: partition.replicas, count: Int(partition.replica_cnt))),
                        inSyncReplicas: Array(UnsafeBufferPointer(start: partition.isrs, count: Int(partition.isr_cnt)))
                    )
                }.sorted { $0.id < $1.id }
            }
            let unknown = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
            throw .admin(operation: "description", topic: name, code: KafkaError.Code(unknown), message: RDKafkaClient.errorMessage(unknown))
        }
    }

    /// The topic's configuration entries that differ from the broker defaults.
    func configs(of name: String, timeout: Duration) throws(KafkaError) -> [String: String] {
        guard let resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name) else { return [:] }
        defer { rd_kafka_ConfigResource_destroy(resource) }
        var configs: [String: String] = [:]
        try request("description", topic: name, kind: RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout: timeout) { handle, options, queue in
            var resources: [OpaquePointer?] = [resource]
            rd_kafka_DescribeConfigs(handle, &resources, 1, options, queue)
        } read: { (event) throws(KafkaError) in
            var count = 0
            let results = rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event), &count)
            for index in 0..<count {
                guard let result = results?[index] else { continue }
                let code = rd_kafka_ConfigResource_error(result)
                guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    let message = rd_kafka_ConfigResource_error_string(result).map { String(cString: $0) } ?? RDKafkaClient.errorMessage(code)
                    throw .admin(operation: "description", topic: name, code: KafkaError.Code(code), message: message)
                }
                var entryCount = 0
                let entries = rd_kafka_ConfigResource_configs(result, &entryCount)
                for entryIndex in 0..<entryCount {
                    guard let entry = entries?[entryIndex], rd_kafka_ConfigEntry_is_default(entry) == 0,
                        let value = rd_kafka_ConfigEntry_value(entry)
                    else { continue }
                    configs[String(cString: rd_kafka_ConfigEntry_name(entry))] = String(cString: value)
                }
            }
        }
        return configs
    }
}
