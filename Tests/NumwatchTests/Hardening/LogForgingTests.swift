import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// Provider text and push fields reach the text log and the terminal with their control and
/// bidi characters shown escaped: no forged log line, no recoloured terminal.
@Suite struct LogForgingTests {
    static let time = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func aTextLogLineIsOneLineWhateverItCarries() {
        let line = TextLines.line(
            time: Self.time, level: .notice, label: "numwatch", source: "Web",
            message: "callback push for \u{1B}[31mA\nFAKE LOG\u{202E}",
            metadata: ["number_id": "A\r\nINFO forged", "from\u{0}": .array(["\u{9B}2J"])])
        #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" && $0 != "\r" })
        #expect(!line.dropLast().unicodeScalars.contains { $0.properties.generalCategory == .control || (0x202A...0x202E).contains($0.value) })
        #expect(line.contains(#"callback push for \u{1B}[31mA\nFAKE LOG\u{202E}"#))
        #expect(line.contains(#"number_id="A\r\nINFO forged""#))
        #expect(line.contains(#"from\u{0}=["\u{9B}2J"]"#))
        #expect(line.contains(" notice numwatch : from"))
    }

    final class Lines: Sendable {
        let writes = LockedLines()
        func handler(_ label: String) -> TextLogHandler {
            var handler = TextLogHandler(label: label) { self.writes.append($0) }
            handler.logLevel = .info
            return handler
        }
    }

    @Test func aPushCannotForgeALogLine() async throws {
        let log = Lines()
        let logger = Logger(label: "numwatch") { log.handler($0) }
        try await HostileServe.run(auth: true, logger: logger) { _, client in
            let body = #"{"data":{"number_id":"A\nFAKE LOG \u001b[31m","number":"1","messages":[]},"status":"success"}"#
            let push = try await client.execute(uri: "/callback/\(HostileServe.callbackSecret)", method: .post, headers: [:],
                                                body: ByteBuffer(string: body))
            #expect(push.status == .ok)
        }
        let writes = log.writes.all
        let pushLine = try #require(writes.first { $0.contains("callback push") })
        #expect(pushLine.contains(#"number_id="A\nFAKE LOG \u{1B}[31m""#))
        for write in writes {
            #expect(write.hasSuffix("\n") && write.dropLast().allSatisfy { $0 != "\n" }, "\(write.debugDescription)")
            #expect(!write.unicodeScalars.contains("\u{1B}"))
        }
    }

    @Test func providerTextInTheCLIsTablesIsShownEscaped() {
        var table = TextTable(["COUNTRY", "NAME"], alignments: [.left, .left])
        table.append(["romania", "\u{1B}[31mred\u{202E}x\nFAKE"])
        let text = table.render()
        #expect(text.contains(#"\u{1B}[31mred\u{202E}x\nFAKE"#))
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
    }

    @Test func cliErrorLinesShowControlCharactersEscaped() async {
        let result = await CLIFuzzTests.run(["export", "--since", "\u{1B}[31mred\nFAKE"], cancelled: true)
        #expect(result.code == 2)
        #expect(result.errors == [#"numwatch: --since: expected a duration like 6h or 7d, got "\u{1B}[31mred\nFAKE""#])
    }
}

/// Lines written by a log handler, from any thread.
final class LockedLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

extension LogForgingTests {
    /// A value with a space or `=` is quoted, so it cannot pass for more fields; invisible
    /// characters (zero-width space, BOM, tag characters) are shown escaped.
    @Test func aMetadataValueCannotForgeFields() {
        let line = TextLines.line(time: Date(timeIntervalSince1970: 0), level: .info, label: "numwatch", source: "Web",
                                  message: "callback push recorded", metadata: [
                                      "number_id": "x result=recorded activated=true", "result": "refused",
                                      "note": "a\u{200B}b\u{FEFF}\u{E0041}",
                                  ])
        #expect(line.contains(#"number_id="x result=recorded activated=true""#))
        #expect(line.contains(" result=refused "))
        #expect(line.contains(#"note=a\u{200B}b\u{FEFF}\u{E0041}"#))
    }
}
