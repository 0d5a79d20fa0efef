internal import CRdKafka

/// librdkafka's transaction calls, which block until the coordinator answers: run on a dispatch
/// queue and resumed as Swift async calls.
extension RDKafkaClient {
    func initTransactions(milliseconds: Int32) async throws(KafkaError) {
        try await transactionStep("init transactions") { rd_kafka_init_transactions($0, milliseconds) }
    }

    func beginTransaction() async throws(KafkaError) {
        try await transactionStep("begin transaction") { rd_kafka_begin_transaction($0) }
    }

    /// Adds `offsets` of `consumer`'s group to the open transaction.
    func sendOffsetsToTransaction(_ offsets: [PartitionOffset], consumer: RDKafkaClient, milliseconds: Int32) async throws(KafkaError) {
        try await transactionStep("send offsets to transaction") { handle throws(KafkaError) in
            let metadata = try consumer.withHandle { consumerHandle throws(KafkaError) in rd_kafka_consumer_group_metadata(consumerHandle) }
            defer { rd_kafka_consumer_group_metadata_destroy(metadata) }
            return RDKafkaConsume.withPartitionList(offsets) {
                rd_kafka_send_offsets_to_transaction(handle, $0, metadata, milliseconds)
            }
        }
    }

    func commitTransaction(milliseconds: Int32) async throws(KafkaError) {
        try await transactionStep("commit transaction") { rd_kafka_commit_transaction($0, milliseconds) }
    }

    func abortTransaction(milliseconds: Int32) async throws(KafkaError) {
        try await transactionStep("abort transaction") { rd_kafka_abort_transaction($0, milliseconds) }
    }

    /// Runs one blocking transaction call off the cooperative pool; its error says whether the
    /// transaction must be aborted.
    private func transactionStep(
        _ operation: String, _ body: @escaping @Sendable (OpaquePointer) throws(KafkaError) -> OpaquePointer?
    ) async throws(KafkaError) {
        try await Self.offload { () throws(KafkaError) in
            try self.withHandle { handle throws(KafkaError) in
                guard let error = try body(handle) else { return }
                let code = rd_kafka_error_code(error)
                let message = String(cString: rd_kafka_error_string(error))
                let abortable = rd_kafka_error_txn_requires_abort(error) != 0
                rd_kafka_error_destroy(error)
                throw KafkaError.delivery(
                    topic: "(transaction)", code: KafkaError.Code(code), message: "\(operation): \(message)\(abortable ? " (abort the transaction)" : "")")
            }
        }
    }
}
