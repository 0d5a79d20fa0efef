import CCurl
import CProtobufC
import CRdKafka

/// The versions of the system C libraries the package links, proving that each pkg-config
/// system-library target resolves and links on this machine.
public enum SystemLibraries {
    public static var librdkafka: String { String(cString: rd_kafka_version_str()) }
    public static var libcurl: String { String(cString: curl_version()) }
    public static var protobufC: String { String(cString: protobuf_c_version()) }
}
