import Foundation
import GenesisDomain

/// The four commands of one sweep run, started as a pipeline
/// (`gen-fetch replay | gen-signal | gen-risk | gen-exec`) with every
/// stage's stderr in one log file and gen-exec's stdout discarded.
struct SweepPipeline {
    struct Stage {
        var name: String
        var executable: URL
        var arguments: [String]
    }

    var stages: [Stage]

    /// Pipes are made, the stages started and the parent's copies of the
    /// pipe ends closed under one lock: a stage started meanwhile by another
    /// run's thread can then never inherit one of this run's pipe ends,
    /// which would hold the pipe open after its writer exits and stall the
    /// reader until that other stage ends.
    private static let spawning = NSLock()

    /// Runs the stages and waits for all of them; returns each stage's name
    /// and exit status (a stage killed by a signal: 128 + the signal).
    func run(log: URL) throws -> [(name: String, status: Int32)] {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        defer { try? logHandle.close() }
        var processes: [Process] = []
        try Self.spawning.withLock {
            var previous: Pipe?
            var opened: [Pipe] = []
            defer {
                for pipe in opened {
                    try? pipe.fileHandleForReading.close()
                    try? pipe.fileHandleForWriting.close()
                }
            }
            for (position, stage) in stages.enumerated() {
                let process = Process()
                process.executableURL = stage.executable
                process.arguments = stage.arguments
                process.standardInput = previous ?? FileHandle.nullDevice
                process.standardError = logHandle
                if position < stages.count - 1 {
                    let pipe = Pipe()
                    opened.append(pipe)
                    process.standardOutput = pipe
                    previous = pipe
                } else {
                    process.standardOutput = FileHandle.nullDevice
                }
                do {
                    try process.run()
                } catch {
                    for started in processes { started.terminate() }
                    throw GenesisError.internalError("cannot start \(stage.executable.path): \(error)")
                }
                processes.append(process)
            }
        }
        return zip(stages, processes).map { stage, process in
            process.waitUntilExit()
            let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
            return (stage.name, status)
        }
    }

    /// The gen-* executable `name`: beside this one (a build directory or an
    /// install keeps them together), else the first on PATH.
    static func executable(_ name: String) throws -> URL {
        var directories: [URL] = []
        if let own = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() { directories.append(own) }
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        directories.append(argument0)
        directories += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        for directory in directories {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw GenesisError.configuration(key: name, message: "not found beside gen-report or on PATH; build or install the four gen-* commands together")
    }
}

/// Hands out jobs to a fixed number of worker threads and stops handing
/// them out after the first failure.
final class SweepQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var failed = false

    init(count: Int) { self.count = count }

    /// The next job's index, nil when all are handed out or one failed.
    func take() -> Int? {
        lock.withLock {
            guard !failed, next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func fail() { lock.withLock { failed = true } }

    /// Runs `body` for every job on `workers` threads at most, and waits.
    func run(workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for _ in 0..<max(1, min(workers, count)) {
            group.enter()
            Thread {
                while let job = self.take() { body(job) }
                group.leave()
            }.start()
        }
        group.wait()
    }
}
