import Foundation
import GenesisDomain
import GenesisStore
import GenesisPipeline

/// Runs `body` (a long-running command's work) until it ends or SIGTERM or
/// SIGINT arrives, which cancels it; either way the caller gets control back
/// to shut down cleanly (flush, record the stop). A stop by signal is a
/// success; any other error is returned.
public func runUntilSignalled(_ body: @escaping @Sendable () async throws -> Void) -> Result<Void, Error> {
    signal(SIGTERM, SIG_IGN)
    signal(SIGINT, SIG_IGN)
    let task = Task { try await body() }
    let sources = [SIGTERM, SIGINT].map { number -> DispatchSourceSignal in
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { task.cancel() }
        source.resume()
        return source
    }
    defer { sources.forEach { $0.cancel() } }
    do {
        try runBlocking { try await task.value }
        return .success(())
    } catch is CancellationError {
        return .success(())
    } catch {
        return task.isCancelled ? .success(()) : .failure(error)
    }
}
