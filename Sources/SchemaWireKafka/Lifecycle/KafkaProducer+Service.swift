import ServiceLifecycle

extension KafkaProducer: Service {
    /// Runs until its service group shuts down gracefully (or the task is cancelled), then closes:
    /// what was handed over is flushed (for up to ``KafkaProducerConfiguration/shutdownFlushTimeout``)
    /// and anything still undelivered then fails its sender. The flush waits off the cooperative pool.
    public func run() async throws {
        try? await gracefulShutdown()
        await close(timeout: configuration.shutdownFlushTimeout)
    }
}
