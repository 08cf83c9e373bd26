import Foundation

/// The real `numwatch` executable, run as a user would (built beside the tests).
enum CLIProcess {
    static var executable: URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("numwatch")
    }

    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `numwatch arguments...` to completion without blocking a test thread; with `umask`
    /// (`"000"`), under that umask (set by a shell that then execs numwatch).
    static func run(_ arguments: [String], environment: [String: String] = [:], umask: String? = nil) async throws -> Result {
        let environment = environment.merging(["HOME": FileManager.default.temporaryDirectory.path]) { a, _ in a }
        guard let umask else { return try await runProgram(executable, arguments, environment: environment) }
        return try await runProgram(URL(fileURLWithPath: "/bin/sh"), ["-c", "umask \(umask) && exec \"$0\" \"$@\"", executable.path] + arguments,
                                    environment: environment)
    }

    /// Runs any program to completion without blocking a test thread (`environment` nil: this process's).
    static func runProgram(_ program: URL, _ arguments: [String], environment: [String: String]? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                continuation.resume(returning: Result(status: process.terminationStatus, stdout: stdout, stderr: stderr))
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }
}
