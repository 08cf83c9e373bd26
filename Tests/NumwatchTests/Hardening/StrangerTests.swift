import App
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// With `http.auth` on, a caller without credentials learns nothing from any refusal: every
/// 401, 404, 405, 413, 400 and wrong callback secret is a bare page (or JSON) naming no watch,
/// with no navigation, time zone or version.
@Suite struct StrangerTests {
    struct Probe: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var body: ByteBuffer?
        var description: String { "\(method) \(path)" }
    }

    static let big = ByteBuffer(repeating: 0x61, count: 100 * 1024)
    static let probes: [Probe] = [
        Probe(method: .get, path: "/"), Probe(method: .get, path: "/watch/telegram"), Probe(method: .get, path: "/metrics"),
        Probe(method: .get, path: "/no-such-page"), Probe(method: .get, path: "/callback/x"),
        Probe(method: .delete, path: "/callback/x"), Probe(method: .put, path: "/healthz"),
        Probe(method: .post, path: "/metrics", body: big),
        Probe(method: .post, path: "/callback/x", body: big),
        Probe(method: .post, path: "/callback/\(HostileServe.callbackSecret)", body: big),
        Probe(method: .post, path: "/callback/\(HostileServe.callbackSecret)", body: ByteBuffer(string: "not json")),
        Probe(method: .post, path: "/callback/wrong-secret", body: ByteBuffer(string: "{}")),
    ]

    @Test func everyRefusalToAStrangerIsBare() async throws {
        try await HostileServe.run(auth: true) { _, client in
            var statuses: Set<Int> = []
            for probe in Self.probes {
                for accept in ["text/html", "application/json"] {
                    let response = try await client.execute(uri: probe.path, method: probe.method, headers: [.accept: accept], body: probe.body)
                    statuses.insert(response.status.code)
                    let text = String(buffer: response.body)
                    #expect((400..<500).contains(response.status.code), "\(probe)")
                    for platform in ["telegram", "whatsapp", "telegram+whatsapp"] {
                        #expect(!text.contains(platform), "\(probe) (\(accept)) → \(response.status) names \(platform)")
                    }
                    for frame in ["<nav", "Times in", "/watch/", numwatchVersion, "Back to the overview"] {
                        #expect(!text.contains(frame), "\(probe) (\(accept)) → \(response.status) shows \(frame)")
                    }
                }
            }
            // 401 for the protected routes (the body limit no longer answers first), 404 for a
            // wrong callback secret, 405 for a method the open routes do not answer, 413 and 400
            // on the callback, which needs no credentials.
            #expect(statuses == [401, 404, 405, 413, 400], "\(statuses.sorted())")
            let bigPost = try await client.execute(uri: "/metrics", method: .post, headers: [:], body: Self.big)
            #expect(bigPost.status == .unauthorized)
        }
    }

    @Test func aCallerWithCredentialsStillGetsTheFullErrorPage() async throws {
        try await HostileServe.run(auth: true) { _, client in
            let page = try await client.execute(uri: "/no-such-page", method: .get,
                                                headers: [.accept: "text/html", .authorization: HostileServe.basic], body: nil)
            #expect(page.status == .notFound)
            #expect(String(buffer: page.body).contains(#"href="/watch/telegram""#))
            let big = try await client.execute(uri: "/metrics", method: .post, headers: [.authorization: HostileServe.basic], body: Self.big)
            #expect(big.status == .contentTooLarge)
        }
    }
}
