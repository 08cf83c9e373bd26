import Testing

// swift-property-based runs a property's body under `try?` (its IssueCounting.swift, Swift 6.2 and
// later): an error the body throws is dropped, and the check passes. Every property body that can
// throw goes through one of these, so a thrown error is the test's failure.

/// Runs `body`, recording an error it throws as an issue of the current test.
func failOnThrow(_ body: () throws -> Void) {
    do { try body() } catch { Issue.record(error) }
}

/// Runs `body`, recording an error it throws as an issue of the current test.
func failOnThrow(_ body: () async throws -> Void) async {
    do { try await body() } catch { Issue.record(error) }
}
