// `schemawire-fuzz`: every harness of SchemaWireFuzzing in one binary.
//
// Built by `scripts/fuzz` with `-sanitize=fuzzer,address -D SCHEMAWIRE_FUZZ`, it hands its
// arguments to libFuzzer's driver and runs the harness SCHEMAWIRE_FUZZ_TARGET names. Built
// normally, it is the reproducer: `schemawire-fuzz TARGET FILE...` runs a harness on files (a
// finding of a campaign, say), and `schemawire-fuzz --seeds DIR` writes each harness's seeds.
import Foundation
import SchemaWireFuzzing

func usage() -> Never {
    FileHandle.standardError.write(Data("usage: schemawire-fuzz TARGET FILE... | --seeds DIR\ntargets: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
    exit(2)
}

#if SCHEMAWIRE_FUZZ
/// libFuzzer's entry for programs with their own `main` (compiler-rt, LLVM 12 and later).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

nonisolated(unsafe) var selected: FuzzTarget?
guard let target = FuzzTarget.named(ProcessInfo.processInfo.environment["SCHEMAWIRE_FUZZ_TARGET"] ?? "") else { usage() }
selected = target
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { start, count in
    selected?.run(start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
    return 0
})
#else
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--seeds", arguments.count == 2 {
    for target in FuzzTarget.all {
        let folder = URL(fileURLWithPath: arguments[1]).appendingPathComponent(target.name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, seed) in target.seeds().enumerated() {
            try Data(seed).write(to: folder.appendingPathComponent("seed-\(index)"))
        }
    }
} else if let name = arguments.first, let target = FuzzTarget.named(name), arguments.count > 1 {
    for path in arguments.dropFirst() {
        print("\(name): \(path)")
        target.run([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }
} else {
    usage()
}
#endif
