import Foundation
import SchemaWireTestSupport
import XCTest

/// Hostile payloads through the CLI, as a user would meet them: each is refused with exit 2 (or
/// decoded, where it is valid) by a process that stays small. The process runs under a Python
/// watchdog that reports its peak memory and kills it after 60 s, so a regression to unbounded
/// work fails the test instead of hanging the suite.
final class HostileInputCommandTests: XCTestCase {
    struct Outcome: Decodable {
        var status: Int
        var maxRSSKiB: Int
        var stderr: String
        var stdoutBytes: Int
    }

    /// Runs `schemawire arguments…` with `input` on stdin under the watchdog.
    func run(_ arguments: [String], input: [UInt8] = []) throws -> Outcome {
        let script = """
            import json, os, subprocess, sys, resource
            data = sys.stdin.buffer.read()
            child = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                out, err = child.communicate(data, timeout=60)
            except subprocess.TimeoutExpired:
                child.kill(); out, err = child.communicate(); child.returncode = -999
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            print(json.dumps({"status": child.returncode, "maxRSSKiB": usage.ru_maxrss, "stderr": err.decode(errors="replace"), "stdoutBytes": len(out)}))
            """
        let output = try PythonOracle.run(script, input: input, arguments: [CommandRunner.executable.path] + arguments)
        return try JSONDecoder().decode(Outcome.self, from: Data(output))
    }

    func file(_ name: String, _ contents: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID())-\(name)")
        try Data(contents).write(to: url)
        return url.path
    }

    static func long(_ value: Int64) -> [UInt8] { unsignedVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    static func unsignedVarint(_ value: UInt64) -> [UInt8] {
        var raw = value
        var bytes: [UInt8] = []
        while raw >= 0x80 {
            bytes.append(UInt8(raw & 0x7F) | 0x80)
            raw >>= 7
        }
        return bytes + [UInt8(raw)]
    }

    func assertRefused(_ outcome: Outcome, mentioning fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(outcome.status, 2, outcome.stderr, file: file, line: line)
        XCTAssertTrue(outcome.stderr.contains(fragment), outcome.stderr, file: file, line: line)
        XCTAssertLessThan(outcome.maxRSSKiB, 256 << 10, "peak memory \(outcome.maxRSSKiB) KiB", file: file, line: line)
    }

    func testAvroPayloadsThatClaimMoreThanTheyHoldAreRefused() throws {
        let nested = try file("nested.avsc", Array(#"{"type":"array","items":{"type":"array","items":"null"}}"#.utf8))
        let hostile = Self.long(250) + Array((0..<250).map { _ in Self.long(1_048_575) + Self.long(0) }.joined()) + Self.long(0)
        assertRefused(try run(["avro", "decode", "--schema", nested], input: hostile), mentioning: "AvroDecodingLimits.maximumEmptyItems")

        let fields = (0..<64).map { #"{"name":"f\#($0)","type":"long"}"# }.joined(separator: ",")
        let wide = try file("wide.avsc", Array(#"{"type":"array","items":{"type":"record","name":"W","fields":[\#(fields)]}}"#.utf8))
        assertRefused(try run(["avro", "decode", "--schema", wide], input: Self.long(1 << 62) + [0, 0]), mentioning: "cannot fit")

        // A megabyte decimal is valid Avro: the generic path prints its bytes, staying small.
        let decimal = try file("decimal.avsc", Array(#"{"type":"bytes","logicalType":"decimal","precision":3000000,"scale":2}"#.utf8))
        let megabyte = Self.long(1 << 20) + [UInt8](repeating: 0x41, count: 1 << 20)
        let decoded = try run(["avro", "decode", "--schema", decimal], input: megabyte)
        XCTAssertEqual(decoded.status, 0, decoded.stderr)
        XCTAssertEqual(decoded.stdoutBytes, (1 << 20) + 3)
        XCTAssertLessThan(decoded.maxRSSKiB, 256 << 10)
    }

    func testProtobufPayloadsDecodeInTheirOwnSizeOrAreRefused() throws {
        let schema = try file("h.proto", Array("""
            syntax = "proto3";
            package h;
            import "google/protobuf/duration.proto";
            message Inner { repeated int32 values = 1; }
            message Outer { repeated int32 numbers = 1 [packed = false]; map<string, int32> counts = 2; Inner inner = 3; google.protobuf.Duration wait = 6; }
            """.utf8))
        let numbers = Array((0..<500_000).map { [0x08, UInt8($0 % 100)] }.joined())
        let entries = Array((0..<100_000).map { index -> [UInt8] in
            let key = Array("k\(index)".utf8)
            let entry = [0x0A, UInt8(key.count)] + key + [0x10, 0x01]
            return [0x12, UInt8(entry.count)] + entry
        }.joined())
        let merges = Array((0..<100_000).map { [0x1A, 0x02, 0x08, UInt8($0 % 100)] }.joined())
        for payload in [numbers, entries, merges] {
            let outcome = try run(["protobuf", "decode", "--schema", schema, "--message", "h.Outer"], input: payload)
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            XCTAssertLessThan(outcome.maxRSSKiB, 256 << 10)
        }
        // A Duration of Int64.min seconds is refused, not trapped on.
        let seconds = [0x08] + Self.unsignedVarint(1 << 63)
        let duration = [0x32, UInt8(seconds.count)] + seconds
        assertRefused(try run(["protobuf", "decode", "--schema", schema, "--message", "h.Outer"], input: duration), mentioning: "Duration is out of range")
    }
}
