import Config

/// Where a push may come from: `callback.allow_from`, with the client's address read through
/// `http.trusted_proxies`.
package struct PushSources: Sendable {
    /// nil: any address.
    let allowFrom: [AddressRange]?
    let trustedProxies: [AddressRange]

    package init(allowFrom: [AddressRange]?, trustedProxies: [AddressRange] = []) {
        self.allowFrom = allowFrom
        self.trustedProxies = trustedProxies
    }

    package static let any = PushSources(allowFrom: nil)

    /// The client's address: the connection's peer, unless the peer is a trusted proxy; then
    /// `X-Forwarded-For` read from the right (each proxy appends the address it received from),
    /// skipping trusted proxies, up to the first address that is not one. A header sent by anyone
    /// else is ignored, since anyone can write one. nil when unknown.
    package func client(peer: String?, forwardedFor: [String]) -> String? {
        guard var client = peer else { return nil }
        guard isTrustedProxy(client) else { return client }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            // Not an address: no proxy of ours wrote that, and the client is unknown.
            guard AddressRange.isAddress(hop) else { return nil }
            client = hop
            if !isTrustedProxy(hop) { return hop }
        }
        return client
    }

    /// Whether a push from `peer` (with these `X-Forwarded-For` headers) is let in.
    package func allows(peer: String?, forwardedFor: [String]) -> Bool {
        guard let allowFrom else { return true }
        guard let client = client(peer: peer, forwardedFor: forwardedFor) else { return false }
        return allowFrom.contains { $0.contains(client) }
    }

    private func isTrustedProxy(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
