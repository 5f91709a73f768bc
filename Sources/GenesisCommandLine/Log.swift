import Foundation
import Logging
import GenesisDomain
import GenesisStore
import GenesisPipeline

/// How diagnostics are written to stderr: `human` for a terminal, `json` for
/// log collectors (one object per line, like the data stream).
public enum LogFormat: String, Sendable, CaseIterable {
    case human, json
}

/// A swift-log handler that writes one line per message to stderr. Stdout is
/// reserved for data, so nothing here may ever touch it.
public struct StderrLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let format: LogFormat

    public init(label: String, format: LogFormat) {
        self.label = label
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let line: String
        switch format {
        case .human:
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let level = event.level == .info || event.level == .notice ? "" : "\(event.level): "
            line = "\(label): \(level)\(event.message)\(fields.isEmpty ? "" : " (\(fields))")\n"
        case .json:
            var object = JSONLineBuilder()
            object.field("ts", Timestamp.now().iso8601)
            object.field("level", event.level.rawValue)
            object.field("label", label)
            object.field("msg", "\(event.message)")
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { object.field(key, "\(value)") }
            line = object.finish()
        }
        FileHandle.standardError.write(Data(line.utf8))
    }
}

public enum Log {
    /// Set once, before any concurrency, by the command that bootstraps logging.
    nonisolated(unsafe) public private(set) static var isBootstrapped = false

    /// Installs the stderr handler for this process. Called once by every command.
    public static func bootstrap(label: String, format: LogFormat, level: Logger.Level) {
        isBootstrapped = true
        LoggingSystem.bootstrap { _ in
            var handler = StderrLogHandler(label: label, format: format)
            handler.logLevel = level
            return handler
        }
    }
}
