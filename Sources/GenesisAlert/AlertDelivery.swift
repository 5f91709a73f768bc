import AsyncHTTPClient
import Foundation
import GenesisDomain
import NIOCore
import NIOHTTP1

/// What a channel answered to one attempt.
public struct ChannelAnswer: Sendable, Equatable {
    public var delivered: Bool
    /// The status and the start of the answer (HTTP status and body, or the
    /// command's exit status and output), without any secret.
    public var detail: String

    public init(delivered: Bool, detail: String) {
        self.delivered = delivered
        self.detail = detail
    }
}

/// One way an alert reaches the trader.
public protocol AlertChannel: Sendable {
    /// What the record and the logs show: `webhook <host>` or `command`.
    var name: String { get }
    /// One attempt; retries are the dispatcher's.
    func deliver(_ message: AlertMessage) async -> ChannelAnswer
}

/// POSTs the alert as JSON (`AlertFormat`) to the webhook.
public struct WebhookChannel: AlertChannel {
    let webhook: AlertWebhook
    let format: AlertFormat
    let chatID: String?
    let client: HTTPClient
    let timeoutSeconds: Int

    public init(webhook: AlertWebhook, format: AlertFormat, chatID: String?, client: HTTPClient, timeoutSeconds: Int) {
        self.webhook = webhook
        self.format = format
        self.chatID = chatID
        self.client = client
        self.timeoutSeconds = timeoutSeconds
    }

    public var name: String { "webhook \(webhook.host)" }

    public func deliver(_ message: AlertMessage) async -> ChannelAnswer {
        var request = HTTPClientRequest(url: webhook.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "genesis-alert")
        request.body = .bytes(ByteBuffer(bytes: format.body(message, chatID: chatID)))
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
            let body = try await response.body.collect(upTo: 64 * 1024)
            let text = String(buffer: body).replacingOccurrences(of: "\n", with: " ")
            let excerpt = webhook.redacting(String(text.prefix(200)))
            return ChannelAnswer(delivered: (200..<300).contains(Int(response.status.code)),
                                 detail: "HTTP \(response.status.code)\(excerpt.isEmpty ? "" : " \(excerpt)")")
        } catch {
            return ChannelAnswer(delivered: false, detail: webhook.redacting(String("\(error)".prefix(200))))
        }
    }

    /// An HTTP client with the alert timeouts; the caller shuts it down.
    public static func makeClient(timeoutSeconds: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(Int64(timeoutSeconds)), read: .seconds(Int64(timeoutSeconds)))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}

/// Runs `alert.command` through /bin/sh with the alert as its first
/// argument, in `$GENESIS_ALERT_MESSAGE` and on stdin. The command line is
/// the configured text followed by `"$@"`: the alert is a positional
/// parameter, never spliced into the shell text, so quotes, `$(…)` or `;` in
/// a message are only characters.
public struct CommandChannel: AlertChannel {
    let command: String
    let timeoutSeconds: Int

    public init(command: String, timeoutSeconds: Int) {
        self.command = command
        self.timeoutSeconds = timeoutSeconds
    }

    public var name: String { "command" }

    public func deliver(_ message: AlertMessage) async -> ChannelAnswer {
        let command = command, timeout = timeoutSeconds
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Self.run(command, message.text, timeoutSeconds: timeout)) }.start()
        }
    }

    static func run(_ command: String, _ text: String, timeoutSeconds: Int) -> ChannelAnswer {
        // A command that does not read stdin closes it: the write must fail, not kill us.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " \"$@\"", "gen-alert", text]
        var environment = ProcessInfo.processInfo.environment
        environment["GENESIS_ALERT_MESSAGE"] = text
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            return ChannelAnswer(delivered: false, detail: "cannot start /bin/sh: \(error.localizedDescription)")
        }
        let collected = OutputBox()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            collected.data = output.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        DispatchQueue.global().async {
            try? input.fileHandleForWriting.write(contentsOf: Data((text + "\n").utf8))
            try? input.fileHandleForWriting.close()
        }
        guard exited.wait(timeout: .now() + .seconds(timeoutSeconds)) == .success else {
            process.terminate()
            if exited.wait(timeout: .now() + 2) != .success { kill(process.processIdentifier, SIGKILL) }
            return ChannelAnswer(delivered: false, detail: "timed out after \(timeoutSeconds) s (alert.timeoutSeconds)")
        }
        process.waitUntilExit()
        // A child the command left running may hold the output open: do not wait for it.
        _ = drained.wait(timeout: .now() + 1)
        let excerpt = String(decoding: collected.data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " ")
        let status = process.terminationReason == .uncaughtSignal ? "killed by signal \(process.terminationStatus)" : "exit \(process.terminationStatus)"
        return ChannelAnswer(delivered: process.terminationReason == .exit && process.terminationStatus == 0,
                             detail: status + (excerpt.isEmpty ? "" : " \(excerpt)"))
    }
}

/// The command's output, written by the draining thread before it signals.
private final class OutputBox: @unchecked Sendable {
    var data = Data()
}
