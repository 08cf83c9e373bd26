import App
import Foundation
import Logging
import Synchronization
import Testing

@Suite struct JSONLogTests {
    private final class Lines: Sendable {
        let all = Mutex<[String]>([])
        func append(_ line: String) { all.withLock { $0.append(line) } }
    }

    private func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func eachEventIsOneParsableLineWithEverythingEscaped() throws {
        let lines = Lines()
        let time = Date(timeIntervalSince1970: 1_767_225_600.25)
        var logger = Logger(label: "numwatch.\"test\"") { label in
            JSONLogHandler(label: label, now: { time }, write: { lines.append($0) })
        }
        logger.logLevel = .debug
        logger[metadataKey: "watch"] = "telegram"
        let nasty = "quote \" backslash \\ newline \n return \r tab \t nul \u{0} escape \u{1B} del \u{7F} separator \u{2028} رومانی"
        logger.warning("\(nasty)", metadata: [
            "country": .string(nasty),
            "nested": .dictionary(["list": .array(["a\nb", .stringConvertible(42)])]),
        ])
        logger.trace("below the level")
        logger.info("plain")

        let written = lines.all.withLock { $0 }
        #expect(written.count == 2)
        for line in written {
            #expect(line.hasSuffix("}\n"))
            #expect(line.dropLast().allSatisfy { $0 != "\n" && $0 != "\r" })
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        }
        let first = try object(written[0])
        #expect(first["time"] as? String == "2026-01-01T00:00:00.250Z")
        #expect(first["level"] as? String == "warning")
        #expect(first["label"] as? String == "numwatch.\"test\"")
        #expect(first["message"] as? String == nasty)
        let metadata = try #require(first["metadata"] as? [String: Any])
        #expect(metadata["watch"] as? String == "telegram")
        #expect(metadata["country"] as? String == nasty)
        let nested = try #require(metadata["nested"] as? [String: Any])
        #expect(nested["list"] as? [String] == ["a\nb", "42"])
        #expect(written[0].hasPrefix(#"{"time":"2026-01-01T00:00:00.250Z","level":"warning","label":"numwatch.\"test\"","message":"quote \" backslash \\ newline \n return \r tab \t nul \u0000 escape \u001b del \u007f separator \u2028 "#))

        let second = try object(written[1])
        #expect(second["message"] as? String == "plain")
        #expect(second["metadata"] as? [String: String] == ["watch": "telegram"])
    }

    @Test func withoutMetadataTheKeyIsLeftOut() throws {
        let line = JSONLogHandler.line(time: Date(timeIntervalSince1970: 0), level: .info, label: "l", message: "m", metadata: [:])
        #expect(line == #"{"time":"1970-01-01T00:00:00.000Z","level":"info","label":"l","message":"m"}"# + "\n")
    }
}
