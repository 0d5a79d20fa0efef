import SchemaWireTestSupport
import XCTest

/// Each system-library target resolves through pkg-config and links.
final class SystemLibrariesTests: XCTestCase {
    func testSystemLibrariesLink() {
        XCTAssertTrue(SystemLibraries.protobufC.hasPrefix("1."), SystemLibraries.protobufC)
    }
}
