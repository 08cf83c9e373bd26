import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import ProviderAPI
import Store
import Testing
import Web

/// Issue 17, point 5: the push "with the fields of the check answer", as JSON, as a urlencoded
/// form or as multipart, with PHP's nested names or a field holding JSON; the same rules and
/// limits for each.
@Suite struct PushEncodingTests {
    static let form = "application/x-www-form-urlencoded"
    static let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
    static let multipart = "multipart/form-data; boundary=\(boundary)"

    /// The check answer's fields as PHP's `http_build_query` names them (brackets escaped, as it does).
    static func phpFields(_ id: String, content: String = "509773", isReceived: String = "1", at: Timestamp) -> [(String, String)] {
        [("data[number_id]", id), ("data[number]", "9610461240"), ("data[area_code]", "7"), ("data[service]", "telegram"),
         ("data[messages][0][id]", "gl9avmeG1v"), ("data[messages][0][content]", content), ("data[messages][0][from]", "telegram"),
         ("data[messages][0][is_received]", isReceived), ("data[messages][0][created_at]", at.iso8601),
         ("data[is_rented]", "0"), ("data[expires_at]", "2099-01-01 00:00:00"), ("data[created_at]", ""), ("status", "success")]
    }

    static func urlEncoded(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: "%20", with: "+") }
        return fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func multipartBody(_ fields: [(String, String)]) -> String {
        fields.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined()
            + "--\(boundary)--\r\n"
    }

    /// The `data` part of a JSON push, as JSON text.
    static func dataJSON(_ id: String, at: Timestamp) throws -> String {
        let whole = try JSONSerialization.jsonObject(with: Data(pushJSON(id, [PushMessage(createdAt: at)]).utf8)) as! [String: Any]
        return String(decoding: try JSONSerialization.data(withJSONObject: whole["data"]!), as: UTF8.self)
    }

    @Test func aURLEncodedFormWithPHPNamesIsRecorded() async throws {
        let rig = try PushRig()
        try await rig.take("n1")
        try await rig.take("n2")
        rig.clock.advance(seconds: 30)
        let now = rig.clock.now()
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(Self.urlEncoded(Self.phpFields("n1", content: "509 773 is your code", at: now)), contentType: Self.form) == .ok)
            // Brackets left unescaped, as other clients send them; the flag still decides.
            let plain = Self.phpFields("n2", isReceived: "0", at: now).map { "\($0.0)=\($0.1.replacingOccurrences(of: ":", with: "%3A"))" }
            #expect(try await client.push(plain.joined(separator: "&").replacingOccurrences(of: " ", with: "+"), contentType: Self.form) == .ok)
            #expect(PushRig.pushes("recorded", in: try await client.metricsText()) == 2)
        }
        let n1 = try #require(try await rig.number("n1"))
        #expect(n1.outcome == .activated)
        #expect(n1.sms.map(\.content) == ["509 773 is your code"])
        #expect(n1.sms.map(\.receivedMs) == [now.milliseconds])
        #expect(try await rig.number("n2")?.outcome == .open)
        #expect(try await rig.number("n2")?.sms.map(\.isReceived) == [false])
    }

    @Test func aMultipartFormWithPHPNamesIsRecorded() async throws {
        let rig = try PushRig()
        try await rig.take("n1")
        rig.clock.advance(seconds: 30)
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(Self.multipartBody(Self.phpFields("n1", at: rig.clock.now())), contentType: Self.multipart) == .ok)
        }
        #expect(try await rig.number("n1")?.outcome == .activated)
        #expect(try await rig.number("n1")?.sms.map(\.content) == ["509773"])
    }

    /// `data` (or `messages`) holding the JSON of that part, in either form encoding; messages
    /// named out of order keep their indices' order.
    @Test func aFieldHoldingJSONIsRecorded() async throws {
        let rig = try PushRig()
        for id in ["n1", "n2", "n3"] { try await rig.take(id) }
        rig.clock.advance(seconds: 30)
        let now = rig.clock.now()
        let messages = #"[{"id":"a","content":"111111","created_at":"\#(now.iso8601)"}]"#
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(Self.urlEncoded([("data", try Self.dataJSON("n1", at: now)), ("status", "success")]), contentType: Self.form) == .ok)
            #expect(try await client.push(Self.multipartBody([("data", try Self.dataJSON("n2", at: now))]), contentType: Self.multipart) == .ok)
            #expect(try await client.push(Self.urlEncoded([("number_id", "n3"), ("messages", messages),
                                                           ("messages[2][id]", "c"), ("messages[2][content]", "333333")]),
                                          contentType: Self.form) == .ok)
        }
        #expect(try await rig.number("n1")?.outcome == .activated)
        #expect(try await rig.number("n2")?.outcome == .activated)
        // The later `messages[2]` fields replace the JSON list: one message, as PHP would read it.
        #expect(try await rig.number("n3")?.sms.map(\.content) == ["333333"])
    }

    /// A form push is held to the same rules as a JSON one.
    @Test func formPushesMeetTheSameRules() async throws {
        let rig = try PushRig()
        try await rig.take("cancelled")
        try await rig.take("blank")
        try await rig.ledger.recordCancelled(numberID: "cancelled", atMs: rig.startMs + 10_000)
        rig.clock.advance(seconds: 30)
        let now = rig.clock.now()
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(Self.urlEncoded(Self.phpFields("cancelled", at: now)), contentType: Self.form) == .ok)
            #expect(try await client.push(Self.multipartBody(Self.phpFields("blank", content: "", at: now)), contentType: Self.multipart) == .ok)
            let metrics = try await client.metricsText()
            #expect(PushRig.pushes("cancelled", in: metrics) == 1)
            #expect(PushRig.pushes("empty_message", in: metrics) == 1)
        }
        #expect(try await rig.number("cancelled")?.outcome == .cancelled)
        #expect(try await rig.number("blank")?.outcome == .open)
    }

    /// And to the same limits: the body size, and what a form may hold.
    @Test func formsThatAreNotPushesAreRefused() async throws {
        let rig = try PushRig()
        try await rig.take("n1")
        let now = rig.clock.now()
        let tooMany = (0..<600).map { ("data[messages][\($0)][id]", "x\($0)") }
        let tooDeep = [("data" + String(repeating: "[a]", count: 9), "x")]
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(Self.urlEncoded(tooMany), contentType: Self.form) == .badRequest)
            #expect(try await client.push(Self.urlEncoded(tooDeep), contentType: Self.form) == .badRequest)
            #expect(try await client.push("data%5Bnumber_id%5D=n1&data%ZZ=1", contentType: Self.form) == .badRequest)
            #expect(try await client.push("data[number_id=n1", contentType: Self.form) == .badRequest)
            #expect(try await client.push(Self.urlEncoded([("data", "{not json")]), contentType: Self.form) == .badRequest)
            // A multipart body cut off before its closing delimiter, and one without a boundary.
            let cut = Self.multipartBody(Self.phpFields("n1", at: now)).dropLast(12)
            #expect(try await client.push(String(cut), contentType: Self.multipart) == .badRequest)
            #expect(try await client.push(Self.multipartBody(Self.phpFields("n1", at: now)), contentType: "multipart/form-data") == .badRequest)
            // Announced over the limit: refused before the body is read (by serve's body limit).
            let huge = Self.urlEncoded([("data[number_id]", "n1"), ("pad", String(repeating: "a", count: CallbackController.maxBodyBytes))])
            #expect(try await client.push(huge, contentType: Self.form) == .contentTooLarge)
            let metrics = try await client.metricsText()
            #expect(PushRig.pushes("malformed", in: metrics) == 7)
        }
        #expect(try await rig.number("n1")?.sms.isEmpty == true)
    }
}
