import XCTest

/// A test case with a fresh embedded registry on loopback for every test, stopped after it.
open class RegistryTestCase: XCTestCase {
    public var registry: TestRegistry!

    open override func setUp() async throws {
        registry = try await TestRegistry.start()
    }

    open override func tearDown() async throws {
        await registry.stop()
    }
}
