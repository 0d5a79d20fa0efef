import ArgumentParser
import Foundation
import Logging
import SchemaWireAvro
import SchemaWireCore
import SchemaWireKafka
import SchemaWireRegistry
import SchemaWireRegistryServer
import SchemaWireSerde

/// `schemawire demo`: the README's main job on the embedded default — a registry and a Kafka
/// cluster in this process, and the safe Kafka patterns end to end.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the end-to-end demo on an embedded registry and Kafka cluster.",
        discussion: """
            Starts the embedded registry and uses the broker at --bootstrap (scripts/demo starts the tansu test broker \
            when it is installed) or else librdkafka's in-process mock Kafka cluster; creates `orders` with 12 partitions, \
            produces orders keyed by userId with x-event-id headers (idempotent producer, acks=all), consumes them in a \
            group with manual commits and an idempotent handler, routes a poison record to orders.dlq, shows a \
            BACKWARD-incompatible schema being refused, and prints a summary.
            """
    )

    @Option(help: "How many orders to produce.")
    var orders: Int = 3000

    @Option(help: "A Kafka broker to run on (host:port), where the topics must not exist yet; default: an in-process mock cluster.")
    var bootstrap: String?

    static let orderSchema = #"""
        {"type": "record", "name": "Order", "namespace": "com.example.orders", "fields": [
          {"name": "orderId", "type": {"type": "string", "logicalType": "uuid"}},
          {"name": "userId", "type": "string"},
          {"name": "items", "type": {"type": "array", "items": "string"}},
          {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
          {"name": "currency", "type": {"type": "enum", "name": "Currency", "symbols": ["USD", "EUR", "KRW", "UNKNOWN"], "default": "UNKNOWN"}},
          {"name": "note", "type": ["null", "string"], "default": null}]}
        """#

    static let breakingSchema = #"""
        {"type": "record", "name": "Order", "namespace": "com.example.orders", "fields": [
          {"name": "orderId", "type": {"type": "string", "logicalType": "uuid"}},
          {"name": "userId", "type": "long"},
          {"name": "email", "type": "string"}]}
        """#

    func validate() throws {
        guard (1...1_000_000).contains(orders) else { throw ValidationError("--orders must be between 1 and 1,000,000") }
    }

    func say(_ text: String) { print(text); fflush(nil) }

    func run() async throws {
        var quiet = Logger(label: "schemawire.demo")
        quiet.logLevel = .warning
        let server = try RegistryServer(configuration: .init(port: 0, storage: .memory), logger: quiet)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let serverTask = Task { try await server.run { portContinuation.yield($0) } }
        defer { serverTask.cancel() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        let registryURL = "http://127.0.0.1:\(port)"
        let (bootstrapServers, cluster) = try await kafka()
        defer { cluster?.close() }
        say("== Embedded registry at \(registryURL); Kafka at \(bootstrapServers) (\(cluster == nil ? "broker" : "librdkafka mock cluster, 3 brokers"))")
        say("   topic orders: 12 partitions; dead letters go to orders.dlq")

        let registry = SchemaRegistryClient(configuration: .init(urls: [registryURL]))
        let schema = try AvroSchema(parsing: Self.orderSchema)
        let serializer = KafkaAvroValueSerializer(registry: registry, schema: schema)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: bootstrapServers))
        defer { producer.close() }

        // Produce: keyed by userId so each user's orders stay in one partition, in order.
        say("\n== Producing \(orders) orders keyed by userId (idempotent producer, acks=all)")
        let produceStart = ContinuousClock.now
        var expectedPerUser: [String: [String]] = [:]
        var pending: [KafkaDelivery] = []
        let poisonIndex = orders / 2
        var duplicateEventID = ""
        for index in 0..<orders {
            let user = "user-\(index % 200)"
            let orderID = UUID().uuidString.lowercased()
            let items: [AvroValue] = index == poisonIndex ? [] : [.string("SKU-\(index % 17)")]
            let value: AvroValue = .record([
                "orderId": .string(orderID), "userId": .string(user), "items": .array(items),
                "amount": .bytes(try AvroDecimal.bytes(for: Decimal(1000 + index % 5000) / 100, scale: 2)), "currency": .enumeration("KRW"),
                "note": .union(branch: 0, value: .null),
            ])
            let eventID = "order-placed-\(orderID)"
            let bytes = try await serializer.serialize(value, topic: "orders")
            // Enqueue in order, await delivery reports per batch: ordering per key, throughput of a pipeline.
            pending.append(try await producer.enqueue(topic: "orders", key: Array(user.utf8), value: bytes, headers: [KafkaHeader(key: "x-event-id", text: eventID)]))
            if index == 0 {
                // The same event published twice (a retry after a timeout): consumers must not double-count it.
                duplicateEventID = eventID
                pending.append(try await producer.enqueue(topic: "orders", key: Array(user.utf8), value: bytes, headers: [KafkaHeader(key: "x-event-id", text: eventID)]))
            }
            if index != poisonIndex { expectedPerUser[user, default: []].append(orderID) }
            if pending.count >= 500 || index == orders - 1 {
                for delivery in pending { _ = try await delivery.report() }
                pending.removeAll(keepingCapacity: true)
            }
            if (index + 1) % 1000 == 0 { say("   produced \(index + 1)…") }
        }
        let produceSeconds = Self.seconds(ContinuousClock.now - produceStart)
        say(String(format: "   %d orders (+1 duplicate, 1 poison) in %.2f s = %.0f records/s; schema id %d under orders-value",
                   orders, produceSeconds, Double(orders + 1) / produceSeconds, try await registry.latest(subject: "orders-value").id))

        // Consume: a group, manual commits, an idempotent handler, dead letters for poison.
        say("\n== Consuming in group order-projector (manual commits every 500 records, idempotent handler, DLQ)")
        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: bootstrapServers, groupID: "order-projector", sessionTimeoutMilliseconds: 6000))
        try consumer.subscribe(topics: ["orders"])
        // Offsets stored per record and committed every 500: the event store dedupes any re-delivery.
        let idempotent = IdempotentConsumer(consumer: consumer, store: try SQLiteProcessedEventStore(), commitInterval: 500)
        let deserializer = KafkaAvroValueDeserializer(registry: registry)
        let deadLetters = DeadLetterQueue(producer: producer)
        var seenPerUser: [String: [String]] = [:]
        var handled = 0
        var duplicates = 0
        var deadLettered = 0
        var received = 0
        let consumeStart = ContinuousClock.now
        for try await message in consumer.messages {
            received += 1
            let outcome = try await idempotent.handle(message, deadLetters: deadLetters) { message in
                guard case let .record(fields)? = try await deserializer.deserialize(message)?.value,
                    case let .string(user)? = fields["userId"], case let .string(orderID)? = fields["orderId"],
                    case let .array(items)? = fields["items"]
                else { throw DemoFailure(text: "not an order") }
                guard !items.isEmpty else { throw DemoFailure(text: "order \(orderID) has no items: cannot price it") }
                seenPerUser[user, default: []].append(orderID)
            }
            switch outcome {
            case .processed: handled += 1
            case .duplicate: duplicates += 1
            case .deadLettered: deadLettered += 1
            case let .heldBack(error): say("   dead letter not sent (\(error)): partition \(message.partition) held back, retried shortly")
            case .revoked: say("   partition \(message.partition) moved to another member before its commit; it reads the record again")
            }
            if received % 1000 == 0 { say("   consumed \(received)…") }
            if received == orders + 1 { break }
        }
        await consumer.close()
        let consumeSeconds = Self.seconds(ContinuousClock.now - consumeStart)
        let inOrder = expectedPerUser.allSatisfy { user, ids in seenPerUser[user] == ids }
        say(String(format: "   %d records in %.2f s = %.0f records/s: %d handled, %d duplicate skipped (%@), %d dead-lettered",
                   received, consumeSeconds, Double(received) / consumeSeconds, handled, duplicates, duplicateEventID.prefix(24) + "…", deadLettered))
        say("   per-user order preserved for all \(expectedPerUser.count) users: \(inOrder ? "yes" : "NO")")

        // Evolve the schema the wrong way: refused before it reaches the registry.
        say("\n== Registering a BACKWARD-incompatible Order (userId string → long, new required email)")
        do {
            _ = try await registry.register(RegistrySchema(text: Self.breakingSchema), subject: "orders-value")
            say("   registered?! (this should not happen)")
        } catch let error {
            guard case let .incompatible(_, level, problems) = error else { throw CommandFailure.badInput("\(error)") }
            say("   refused (\(level.rawValue)):")
            for problem in problems { say("   - \(problem.kind) at \(problem.path): \(problem.message)") }
        }
        let versions = try await registry.versions(of: "orders-value")
        say("   orders-value versions: \(versions)")
        say("\n== Done: \(orders) produced, \(handled) handled once, \(duplicates) duplicate skipped, \(deadLettered) in orders.dlq, breaking change refused")
        if !inOrder || handled != orders - 1 || duplicates != 1 || deadLettered != 1 { throw ExitCode(1) }
    }

    /// The Kafka to run on, with `orders` (12 partitions) and `orders.dlq` created: the broker at
    /// `--bootstrap`, or a mock cluster (returned so that it lives as long as the demo).
    func kafka() async throws -> (bootstrapServers: String, cluster: KafkaMockCluster?) {
        do throws(KafkaError) {
            guard let bootstrap else {
                let cluster = try KafkaMockCluster(brokers: 3)
                try cluster.createTopic("orders", partitions: 12)
                try cluster.createTopic("orders.dlq", partitions: 1)
                return (cluster.bootstrapServers, cluster)
            }
            let admin = try KafkaAdmin(bootstrapServers: bootstrap)
            defer { admin.close() }
            // One replica: a single development broker. Production topics want 3 (see `schemawire topic create`).
            try await admin.createTopic(KafkaTopicSpec(name: "orders", partitions: 12, replicationFactor: 1))
            try await admin.createTopic(KafkaTopicSpec(name: "orders.dlq", partitions: 1, replicationFactor: 1))
            return (bootstrap, nil)
        } catch {
            throw CommandFailure.badInput("\(error)")
        }
    }

    struct DemoFailure: Error, CustomStringConvertible {
        var text: String
        var description: String { text }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
