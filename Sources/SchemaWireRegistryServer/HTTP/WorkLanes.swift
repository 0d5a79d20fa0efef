import Dispatch
import Foundation
import Synchronization

/// Where the registry runs blocking work, off the cooperative pool.
///
/// Parsing and checking a submitted schema can take a core for a while (the schema may be
/// megabytes); store reads take microseconds. Schema work runs on a fixed number of serial lanes,
/// one fewer than the cores (at least one), so that however many large schemas arrive at once a
/// core stays free for everyone else's reads.
final class WorkLanes: Sendable {
    private let lanes: [DispatchQueue]
    private let next = Atomic<Int>(0)

    init(count: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)) {
        lanes = (0..<max(1, count)).map { DispatchQueue(label: "schemawire.registry.schemas.\($0)") }
    }

    /// The queue for the next piece of schema work (round robin).
    var schemaQueue: DispatchQueue {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return lanes[Int(index.magnitude % UInt(lanes.count))]
    }

    /// The queue for store reads and other short work.
    var readQueue: DispatchQueue { DispatchQueue.global() }
}
