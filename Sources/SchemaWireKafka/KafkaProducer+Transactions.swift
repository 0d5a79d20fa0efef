extension KafkaProducer {
    /// Registers the transactional id with the coordinator (fencing older instances). Call once,
    /// before the first transaction; needs ``KafkaProducerConfiguration/transactionalID``.
    public func initTransactions(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await client.initTransactions(milliseconds: timeout.librdkafkaMilliseconds)
    }

    /// Starts a transaction: records sent until commit or abort become visible together or never.
    public func beginTransaction() async throws(KafkaError) {
        try await client.beginTransaction()
    }

    /// Adds the consumer's progress (each message's offset + 1) to the transaction, so the input is
    /// committed exactly when the output is: consume-transform-produce without duplicates.
    public func sendOffsetsToTransaction(_ messages: [KafkaConsumerMessage], consumer: KafkaConsumer, timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await client.sendOffsetsToTransaction(
            KafkaConsumer.offsetsToCommit(messages), consumer: consumer.client, milliseconds: timeout.librdkafkaMilliseconds)
    }

    /// Makes the transaction's records (and offsets) visible to read-committed consumers.
    public func commitTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await client.commitTransaction(milliseconds: timeout.librdkafkaMilliseconds)
    }

    /// Discards the transaction's records: read-committed consumers never see them.
    public func abortTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await client.abortTransaction(milliseconds: timeout.librdkafkaMilliseconds)
    }
}
