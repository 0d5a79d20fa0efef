import Foundation
import SchemaWireTestSupport
import XCTest

/// The DocC catalog's links, checked without the DocC plugin: every article linked exists and is
/// reachable from the landing page, every symbol named in double backticks is declared in the
/// sources, and the README's links to the catalog and the benchmark files resolve.
final class DocumentationTests: XCTestCase {
    let catalog = CommandRunner.repositoryPath("Sources/SchemaWireKafka/SchemaWireKafka.docc")

    func articles() throws -> [String: String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: catalog).filter { $0.hasSuffix(".md") }
        return try Dictionary(uniqueKeysWithValues: names.map { name in
            (String(name.dropLast(3)), try String(contentsOfFile: "\(catalog)/\(name)", encoding: .utf8))
        })
    }

    /// Every match of `pattern`'s first capture group in `text`.
    func captures(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    func testArticleLinksResolveAndEveryArticleIsReachable() throws {
        let articles = try articles()
        XCTAssertNotNil(articles["SchemaWireKafka"], "no landing page")
        var linked: Set<String> = []
        for (name, text) in articles {
            for target in try captures(#"<doc:([A-Za-z0-9_-]+)>"#, in: text) {
                XCTAssertNotNil(articles[target], "\(name).md links <doc:\(target)>, which is not in the catalog")
                linked.insert(target)
            }
        }
        XCTAssertEqual(Set(articles.keys).subtracting(linked).subtracting(["SchemaWireKafka"]), [], "articles no page links to")
    }

    func testSymbolLinksNameDeclaredSymbols() throws {
        let sources = CommandRunner.repositoryPath("Sources")
        var declared: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: sources)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOfFile: "\(sources)/\(path)", encoding: .utf8)
            for name in try captures(#"(?:struct|class|enum|protocol|typealias|actor|case|func|var|let)\s+`?([A-Za-z_][A-Za-z0-9_]*)"#, in: text) {
                declared.insert(name)
            }
        }
        let modules = Set(try FileManager.default.contentsOfDirectory(atPath: sources))
        for (name, text) in try articles() {
            // Code blocks hold code, not links.
            let prose = text.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined()
            for link in try captures(#"``([^`\n]+)``"#, in: prose) {
                // A module, then types and members: each component must be declared somewhere.
                let components = link.split(separator: "/").map { String($0.split(separator: "(")[0].split(separator: "-")[0]) }
                for component in components where !modules.contains(component) {
                    XCTAssertTrue(declared.contains(component), "\(name).md: ``\(link)`` names \(component), which no source declares")
                }
            }
        }
    }

    func testReadmeLinksResolve() throws {
        let readme = try String(contentsOfFile: CommandRunner.repositoryPath("README.md"), encoding: .utf8)
        let links = try captures(#"\]\(([^)#]+)\)"#, in: readme).filter { !$0.hasPrefix("http") }
        XCTAssertFalse(links.isEmpty)
        for link in links {
            XCTAssertTrue(FileManager.default.fileExists(atPath: CommandRunner.repositoryPath(link)), "README links \(link), which does not exist")
        }
        XCTAssertLessThanOrEqual(readme.split(separator: "\n", omittingEmptySubsequences: false).count, 300, "the README is a front door")
    }
}
