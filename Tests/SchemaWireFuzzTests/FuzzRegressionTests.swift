import Foundation
import SchemaWireFuzzing
import XCTest

/// Every committed fuzz input — the seeds each campaign starts from and every crash, timeout or
/// out-of-memory a campaign found — through its harness, in the normal test suite. A harness
/// traps on a broken property, so a regression fails (crashes) this test.
final class FuzzRegressionTests: XCTestCase {
    let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/Corpus").standardized

    func testEveryHarnessHasItsCorpus() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
        XCTAssertEqual(folders, FuzzTarget.all.map(\.name).sorted())
    }

    func testEveryCommittedInputRunsCleanThroughItsHarness() throws {
        var inputs = 0
        for target in FuzzTarget.all {
            let folder = corpus.appendingPathComponent(target.name)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            XCTAssertFalse(files.isEmpty, "\(target.name) has no committed inputs")
            for file in files {
                target.run([UInt8](try Data(contentsOf: folder.appendingPathComponent(file))))
                inputs += 1
            }
        }
        XCTAssertGreaterThan(inputs, FuzzTarget.all.count)
    }

    /// The committed seeds are what the harnesses' seed functions write: regenerate them with
    /// `swift run schemawire-fuzz --seeds Fuzz/Corpus` after changing a harness.
    func testCommittedSeedsAreTheHarnessSeeds() throws {
        for target in FuzzTarget.all {
            for (index, seed) in target.seeds().enumerated() {
                let path = corpus.appendingPathComponent(target.name).appendingPathComponent("seed-\(index)")
                XCTAssertEqual(try? [UInt8](Data(contentsOf: path)), seed, "\(target.name)/seed-\(index)")
            }
        }
    }
}
