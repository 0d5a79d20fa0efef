import Foundation
import SchemaWireTestSupport
import XCTest

/// `Examples/ByteBufferSerdes` runs as documented: records written and read through NIO buffers,
/// a hostile one refused with its coordinates.
final class ByteBufferExampleTests: XCTestCase {
    func testTheExampleRoundTripsRecordsThroughByteBuffers() throws {
        let example = CommandRunner.executable.deletingLastPathComponent().appendingPathComponent("byte-buffer-serdes")
        let result = try ChildProcess.run(example, [])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(3)), ["orders[0]@0: ada 10", "orders[0]@1: grace 20", "orders[0]@2: linus 30"])
        XCTAssertTrue(lines.last?.hasPrefix("refused: cannot (de)serialize a record of orders at partition 0, offset 99") ?? false, result.stdoutText)
    }
}
