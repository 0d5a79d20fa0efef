internal import CRdKafka
import Foundation


/// Why librdkafka did not take a record.
struct RDKafkaRefusal: Sendable {
    let code: KafkaError.Code
    let message: String
}

enum RDKafkaProduce {
    /// librdkafka's delivery-report callback, called wherever the producer is polled. A record's
    /// opaque pointer is either a retained ``KafkaDelivery`` or, with the low bit set (objects
    /// and slots are at least 8-byte aligned), a ``KafkaBatchDelivery`` slot.
    static let deliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _, message, _ in
        guard let message, let opaque = message.pointee._private else { return }
        let bits = UInt(bitPattern: opaque)
        if bits & batchSlotTag != 0 {
            let slot = UnsafeMutableRawPointer(bitPattern: bits & ~batchSlotTag).unsafelyUnwrapped
            KafkaBatchDelivery.report(
                slot.assumingMemoryBound(to: KafkaBatchDelivery.Slot.self), partition: message.pointee.partition,
                offset: message.pointee.offset, code: KafkaError.Code(message.pointee.err))
            return
        }
        let delivery = Unmanaged<KafkaDelivery>.fromOpaque(opaque).takeRetainedValue()
        let topic = delivery.topic
        if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            delivery.complete(.success(KafkaDeliveryReport(topic: topic, partition: message.pointee.partition, offset: message.pointee.offset)))
        } else {
            delivery.complete(.failure(.delivery(
                topic: topic, code: KafkaError.Code(message.pointee.err), message: RDKafkaClient.errorMessage(message.pointee.err))))
        }
    }

    private static let batchSlotTag: UInt = 1

    /// The opaque pointer for a batch record: its slot, tagged for ``deliveryCallback``.
    static func opaque(for slot: UnsafeMutablePointer<KafkaBatchDelivery.Slot>) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(bitPattern: slot) | batchSlotTag).unsafelyUnwrapped
    }

    /// Enqueues one message; the delivery report resumes `delivery`. Returns librdkafka's error
    /// code when the message was not enqueued (the caller still owns `delivery` then).
    static func enqueue(
        _ client: OpaquePointer, topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader], partition: Int32?,
        opaque: UnsafeMutableRawPointer
    ) -> RDKafkaRefusal? {
        // No header list at all for records without headers (most of them): one allocation less.
        let headerList = headers.isEmpty ? nil : rd_kafka_headers_new(headers.count)
        for header in headers {
            if let value = header.value {
                _ = value.withUnsafeBytes { rd_kafka_header_add(headerList, header.key, -1, $0.baseAddress, $0.count) }
            } else {
                _ = rd_kafka_header_add(headerList, header.key, -1, nil, 0)
            }
        }
        // A nil key is a null key (no KEY argument); a nil value is a null value (a tombstone).
        let includeKey = key != nil
        let keyBytes = key ?? []
        let valueBytes = value ?? []
        return topic.withCString { topicName in
            keyBytes.withUnsafeBytes { keyBytes in
                valueBytes.withUnsafeBytes { valueBytes in
                    // At most seven arguments, on the stack: no allocation per record.
                    withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7) { arguments in
                        var count = 0
                        func add(_ type: rd_kafka_vtype_t, _ set: (inout rd_kafka_vu_t) -> Void) {
                            var argument = rd_kafka_vu_t()
                            argument.vtype = type
                            set(&argument)
                            arguments[count] = argument
                            count += 1
                        }
                        add(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topicName }
                        add(RD_KAFKA_VTYPE_VALUE) {
                            // A NULL pointer is a null value (tombstone); an empty array may still have an address.
                            $0.u.mem.ptr = value == nil ? nil : UnsafeMutableRawPointer(mutating: valueBytes.baseAddress)
                            $0.u.mem.size = valueBytes.count
                        }
                        if includeKey {
                            add(RD_KAFKA_VTYPE_KEY) {
                                $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyBytes.baseAddress)
                                $0.u.mem.size = keyBytes.count
                            }
                        }
                        add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                        add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = opaque }
                        if let partition { add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition } }
                        if let headerList { add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headerList } }
                        guard let error = rd_kafka_produceva(client, arguments.baseAddress, count) else { return nil }
                        // Not enqueued: the headers are still ours.
                        if let headerList { rd_kafka_headers_destroy(headerList) }
                        let code = rd_kafka_error_code(error)
                        let message = String(cString: rd_kafka_error_string(error))
                        rd_kafka_error_destroy(error)
                        return RDKafkaRefusal(code: KafkaError.Code(code), message: message)
                    }
                }
            }
        }
    }
}
