import SchemaWireCore
import XCTest

final class HashingTests: XCTestCase {
    /// Digests computed with Python's hashlib.
    let vectors: [([UInt8], String, String)] = [
        ([], "d41d8cd98f00b204e9800998ecf8427e", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (Array("abc".utf8), "900150983cd24fb0d6963f7d28e17f72", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ([UInt8](repeating: 0x61, count: 1000), "cabe45dcc9ae5b66ba86600cca6b8ba8", "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
        (Array((0..<768).map { UInt8($0 % 256) }), "e6899eaaf06fd702f3ed3f988eb19362", "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363"),
    ]

    func testMD5() {
        for (message, md5, _) in vectors { XCTAssertEqual(MD5.hash(message).hexString, md5, "\(message.count) bytes") }
    }

    func testSHA256() {
        for (message, _, sha256) in vectors { XCTAssertEqual(SHA256.hash(message).hexString, sha256, "\(message.count) bytes") }
    }
}
