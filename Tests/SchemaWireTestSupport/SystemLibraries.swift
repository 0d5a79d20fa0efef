import CProtobufC

/// The versions of system C libraries not yet wrapped by a SchemaWire module, proving that their
/// pkg-config system-library targets resolve and link here (libcurl is proven by the registry
/// client's tests, avro-c by the Avro agreement tests, librdkafka by the Kafka tests).
public enum SystemLibraries {
    public static var protobufC: String { String(cString: protobuf_c_version()) }
}
