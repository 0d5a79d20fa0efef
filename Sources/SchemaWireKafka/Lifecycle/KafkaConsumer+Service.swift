import ServiceLifecycle

extension KafkaConsumer: Service {
    /// Runs until its service group shuts down gracefully (or the task is cancelled), then leaves
    /// without losing work: fetching stops and ``messages`` ends after the records already
    /// fetched; once the application's loop has taken the last of them (or
    /// ``KafkaConsumerConfiguration/shutdownDrainTimeout`` passed), what it stored is committed
    /// and the group is left, so the partitions move to other members at once.
    public func run() async throws {
        try? await gracefulShutdown()
        await stopFetching()
        let deadline = ContinuousClock.now + configuration.shutdownDrainTimeout
        while !isDrained, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        await close()
    }
}
