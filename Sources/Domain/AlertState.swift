/// Where an episode of an alert is: its condition holds but its `for` has not passed (`pending`),
/// it fired (`firing`), or it ended (`resolved`). Stored, sent and shown as its raw text.
package enum AlertState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, firing, resolved
}
