import Foundation

/// Holds an async result until the waiting thread reads it.
private final class ResultBox<T>: @unchecked Sendable {
    // Written once by the task before it signals, read once after the wait.
    var result: Result<T, Error>?
}

/// Runs async work from synchronous code and waits for it. The stream stages
/// are synchronous loops over stdin (one blocking read per chunk); the
/// exchange client is async. This is the one bridge between them; it must
/// not be called from inside an async context.
public func runBlocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await operation()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}
