internal import CRdKafka
import Logging

/// librdkafka's log lines, forwarded to the client's swift-log logger instead of stderr, with
/// syslog levels mapped to swift-log's and the client name and facility as metadata.
enum RDKafkaLogging {
    /// For the few lines librdkafka logs without naming a client.
    static let fallback = Logger(label: "schemawire.kafka")

    static let callback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
        client, level, facility, message in
        let swiftLevel: Logger.Level
        switch level {
        case ...2: swiftLevel = .critical
        case 3: swiftLevel = .error
        case 4: swiftLevel = .warning
        case 5: swiftLevel = .notice
        case 6: swiftLevel = .info
        default: swiftLevel = .debug
        }
        (RDKafkaClientContext.of(client)?.logger ?? fallback).log(
            level: swiftLevel, "\(message.map { String(cString: $0) } ?? "")",
            metadata: [
                "client": "\(client.map { String(cString: rd_kafka_name($0)) } ?? "")",
                "facility": "\(facility.map { String(cString: $0) } ?? "")",
            ])
    }
}
