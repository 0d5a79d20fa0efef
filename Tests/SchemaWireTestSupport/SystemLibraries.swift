import CProtobufC
import CRdKafka

/// The versions of system C libraries not yet wrapped by a SchemaWire module, proving that their
/// pkg-config system-library targets resolve and link here (libcurl is proven by the registry
/// client's tests, avro-c by the Avro agreement tests).
public enum SystemLibraries {
    public static var librdkafka: String { String(cString: rd_kafka_version_str()) }
    public static var protobufC: String { String(cString: protobuf_c_version()) }
}
