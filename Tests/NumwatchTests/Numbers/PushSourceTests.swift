import Config
import Foundation
import Hummingbird
import HummingbirdTesting
import ProviderAPI
import Store
import Testing
import Web

/// Issue 17, point 7: `callback.allow_from` (CIDR ranges, default any), with `X-Forwarded-For`
/// honoured only from `http.trusted_proxies`.
@Suite struct PushSourceTests {
    static func ranges(_ texts: String...) -> [AddressRange] { texts.map { AddressRange(parsing: $0)! } }

    @Test func rangesMatchByPrefix() throws {
        let ten = try #require(AddressRange(parsing: "10.0.0.0/8"))
        #expect(ten.contains("10.255.1.2"))
        #expect(!ten.contains("11.0.0.1"))
        // A dual-stack listener reports IPv4 peers in their mapped form.
        #expect(ten.contains("::ffff:10.1.2.3"))
        let one = try #require(AddressRange(parsing: "89.42.211.109"))
        #expect(one.contains("89.42.211.109"))
        #expect(!one.contains("89.42.211.108"))
        let v6 = try #require(AddressRange(parsing: "2001:db8::/32"))
        #expect(v6.contains("2001:db8:1::5"))
        #expect(!v6.contains("2001:db9::1"))
        #expect(!v6.contains("10.0.0.1"))
        let odd = try #require(AddressRange(parsing: "192.168.1.130/25"))
        #expect(odd.contains("192.168.1.200") && !odd.contains("192.168.1.100"))
        #expect(try #require(AddressRange(parsing: "0.0.0.0/0")).contains("203.0.113.9"))
        for bad in ["10.0.0.0/33", "10.0.0", "300.1.1.1", "10.0.0.0/", "10.0.0.0/-1", "::1/129", "example.org", "", "10.0.0.0/8/8"] {
            #expect(AddressRange(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func theForwardedAddressCountsOnlyFromATrustedProxy() {
        let sources = PushSources(allowFrom: Self.ranges("89.42.211.109"), trustedProxies: Self.ranges("127.0.0.1", "10.0.0.0/8"))
        // Anyone can write the header: from an untrusted peer it is ignored.
        #expect(sources.client(peer: "203.0.113.9", forwardedFor: ["89.42.211.109"]) == "203.0.113.9")
        #expect(!sources.allows(peer: "203.0.113.9", forwardedFor: ["89.42.211.109"]))
        // Through our proxy: the address it saw.
        #expect(sources.allows(peer: "127.0.0.1", forwardedFor: ["89.42.211.109"]))
        // Two of our proxies in a row, and a spoofed address the client put in front: the first
        // untrusted address from the right is the client.
        #expect(sources.client(peer: "127.0.0.1", forwardedFor: ["89.42.211.109, 203.0.113.9, 10.1.1.1"]) == "203.0.113.9")
        #expect(sources.client(peer: "127.0.0.1", forwardedFor: ["89.42.211.109", "10.1.1.1"]) == "89.42.211.109")
        #expect(sources.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.9", "10.1.1.1"]) == "203.0.113.9")
        #expect(!sources.allows(peer: "127.0.0.1", forwardedFor: ["89.42.211.109, 203.0.113.9"]))
        // A hop that is not an address: the client is unknown, and not let in.
        #expect(sources.client(peer: "127.0.0.1", forwardedFor: ["garbage"]) == nil)
        #expect(!sources.allows(peer: "127.0.0.1", forwardedFor: ["garbage"]))
        // The proxy itself, without the header.
        #expect(sources.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        // Without allow_from, any source.
        #expect(PushSources.any.allows(peer: "203.0.113.9", forwardedFor: []))
        #expect(PushSources.any.allows(peer: nil, forwardedFor: []))
    }

    /// Over real loopback: the peer is 127.0.0.1.
    @Test(arguments: [
        // allow_from, trusted_proxies, X-Forwarded-For, accepted
        (["10.0.0.0/8"], [String](), "", false),
        (["127.0.0.0/8"], [], "", true),
        (["10.0.0.0/8"], [], "10.1.2.3", false),
        (["10.0.0.0/8"], ["127.0.0.1/32"], "10.1.2.3", true),
        (["10.0.0.0/8"], ["127.0.0.1/32"], "203.0.113.9", false),
        ([String]?.none, [], "", true),
    ] as [([String]?, [String], String, Bool)])
    func aPushFromOutsideAllowFromIsRefusedLikeAWrongSecret(allow: [String]?, proxies: [String], forwarded: String, accepted: Bool) async throws {
        let rig = try PushRig(sources: PushSources(allowFrom: allow?.map { AddressRange(parsing: $0)! },
                                                   trustedProxies: proxies.map { AddressRange(parsing: $0)! }))
        try await rig.take("n1")
        rig.clock.advance(seconds: 30)
        try await rig.app().test(.live) { client async throws in
            let headers: HTTPFields = forwarded.isEmpty ? [:] : [.init("X-Forwarded-For")!: forwarded]
            let status = try await client.push(pushJSON("n1", [PushMessage(createdAt: rig.clock.now())]), headers: headers)
            #expect(status == (accepted ? .ok : .notFound))
            #expect(PushRig.pushes("source_not_allowed", in: try await client.metricsText()) == (accepted ? 0 : 1))
        }
        #expect(try await rig.number("n1")?.outcome == (accepted ? .activated : .open))
        if !accepted { #expect(rig.log.all.contains("outside callback.allow_from")) }
    }

    @Test func theConfigurationReadsBothLists() throws {
        let config = try ConfigLoader.parse(yaml: BadConfig.base("""
            http:
              trusted_proxies: [127.0.0.1, "::1", 10.0.0.0/8]
            callback:
              allow_from:
                - 89.42.211.109
                - 2001:db8::/32
            """), file: "numwatch.yml")
        #expect(config.http.trustedProxies.map(\.description) == ["127.0.0.1", "::1", "10.0.0.0/8"])
        #expect(config.callback?.allowFrom?.map(\.description) == ["89.42.211.109", "2001:db8::/32"])
        let defaults = try ConfigLoader.parse(yaml: BadConfig.base("callback:\n  public_url: https://nw.example/\n"), file: "numwatch.yml")
        #expect(defaults.callback?.allowFrom == nil)
        #expect(defaults.http.trustedProxies.isEmpty)
    }

    @Test func badRangesAreNamedByFileLineAndKey() {
        #expect(ConfigTests.messages(BadConfig.base("""
            http:
              trusted_proxies: [127.0.0.1, localhost]
            callback:
              allow_from:
                - 10.0.0.0/33
                - 89.42.211.109
            """)) == [
            #"config error: numwatch.yml:6: http.trusted_proxies[1]: expected an IP address or CIDR range like 89.42.211.109, 10.0.0.0/8 or 2001:db8::/32, got "localhost""#,
            #"config error: numwatch.yml:9: callback.allow_from[0]: expected an IP address or CIDR range like 89.42.211.109, 10.0.0.0/8 or 2001:db8::/32, got "10.0.0.0/33""#,
        ])
        #expect(ConfigTests.messages(BadConfig.base("callback:\n  allow_from: []\n")) == [
            "config error: numwatch.yml:6: callback.allow_from: an empty list would refuse every push; leave allow_from out to accept pushes from any address",
        ])
        #expect(ConfigTests.messages(BadConfig.base("callback:\n  allow_from: 10.0.0.0/8\n")) == [
            #"config error: numwatch.yml:6: callback.allow_from: expected a list of IP addresses or CIDR ranges, got "10.0.0.0/8""#,
        ])
    }
}
