import CRdKafka

/// librdkafka's transaction calls, which block until the coordinator answers: run on a dispatch
/// queue and resumed as Swift async calls.
enum RDKafkaTransactions {
    static func run(
        _ client: RDKafkaClient, _ operation: String, _ body: @escaping @Sendable (OpaquePointer) throws(KafkaError) -> OpaquePointer?
    ) async throws(KafkaError) {
        try await RDKafkaClient.offload { () throws(KafkaError) in
            try client.withHandle { handle throws(KafkaError) in
                guard let error = try body(handle) else { return }
                let code = rd_kafka_error_code(error)
                let message = String(cString: rd_kafka_error_string(error))
                let abortable = rd_kafka_error_txn_requires_abort(error) != 0
                rd_kafka_error_destroy(error)
                throw KafkaError.delivery(topic: "(transaction)", code: code.rawValue, message: "\(operation): \(message)\(abortable ? " (abort the transaction)" : "")")
            }
        }
    }
}

extension KafkaProducer {
    /// Registers the transactional id with the coordinator (fencing older instances). Call once,
    /// before the first transaction; needs ``KafkaProducerConfiguration/transactionalID``.
    public func initTransactions(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await RDKafkaTransactions.run(client, "init transactions") { rd_kafka_init_transactions($0, timeout.librdkafkaMilliseconds) }
    }

    /// Starts a transaction: records sent until commit or abort become visible together or never.
    public func beginTransaction() async throws(KafkaError) {
        try await RDKafkaTransactions.run(client, "begin transaction") { rd_kafka_begin_transaction($0) }
    }

    /// Adds the consumer's progress (each message's offset + 1) to the transaction, so the input is
    /// committed exactly when the output is: consume-transform-produce without duplicates.
    public func sendOffsetsToTransaction(_ messages: [KafkaConsumerMessage], consumer: KafkaConsumer, timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let offsets = KafkaConsumer.offsetsToCommit(messages)
        let consumerClient = consumer.client
        try await RDKafkaTransactions.run(client, "send offsets to transaction") { handle throws(KafkaError) in
            let metadata = try consumerClient.withHandle { consumerHandle throws(KafkaError) in rd_kafka_consumer_group_metadata(consumerHandle) }
            defer { rd_kafka_consumer_group_metadata_destroy(metadata) }
            return RDKafkaConsume.withPartitionList(offsets) {
                rd_kafka_send_offsets_to_transaction(handle, $0, metadata, timeout.librdkafkaMilliseconds)
            }
        }
    }

    /// Makes the transaction's records (and offsets) visible to read-committed consumers.
    public func commitTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await RDKafkaTransactions.run(client, "commit transaction") { rd_kafka_commit_transaction($0, timeout.librdkafkaMilliseconds) }
    }

    /// Discards the transaction's records: read-committed consumers never see them.
    public func abortTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await RDKafkaTransactions.run(client, "abort transaction") { rd_kafka_abort_transaction($0, timeout.librdkafkaMilliseconds) }
    }
}
