import Foundation

/// Earlier versions of a schema file from git, for `check --against-git` and `check PATH...`.
struct GitHistory {
    /// Runs `git -C directory arguments…`, returning stdout, or nil when git exits non-zero.
    static func git(_ arguments: [String], in directory: String) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CommandFailure.badInput("cannot run git: \(error.localizedDescription)")
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: output, as: UTF8.self)
    }

    static func location(of path: String) -> (directory: String, file: String) {
        let url = URL(fileURLWithPath: path)
        return (url.deletingLastPathComponent().path, "./" + url.lastPathComponent)
    }

    /// The file's content at `revision`, or nil when the file does not exist there.
    static func content(of path: String, at revision: String) throws -> String? {
        let (directory, file) = location(of: path)
        guard try git(["rev-parse", "--git-dir"], in: directory) != nil else {
            throw CommandFailure.badInput("\(path): not inside a git repository")
        }
        guard try git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: directory) != nil else {
            throw CommandFailure.badInput("\(path): unknown git revision \"\(revision)\"")
        }
        return try git(["show", "\(revision):\(file)"], in: directory)
    }

    /// The revision holding the file's previous version: HEAD when the working copy differs from
    /// it, otherwise the commit before the last one that changed the file. Nil for a new file.
    static func previousRevision(of path: String) throws -> String? {
        let (directory, file) = location(of: path)
        guard try git(["rev-parse", "--git-dir"], in: directory) != nil else {
            throw CommandFailure.badInput("\(path): not inside a git repository")
        }
        let tracked = try git(["ls-files", "--error-unmatch", file], in: directory) != nil
        let atHead = try git(["cat-file", "-e", "HEAD:\(file)"], in: directory) != nil
        guard tracked, atHead else { return nil }
        if try git(["diff", "--quiet", "HEAD", "--", file], in: directory) == nil { return "HEAD" }
        let commits = (try git(["log", "--format=%H", "-n", "2", "--", file], in: directory) ?? "")
            .split(separator: "\n").map(String.init)
        return commits.count == 2 ? commits[1] : nil
    }
}
