/// Writes the Prometheus text format 0.0.4 or OpenMetrics 1.0.
///
/// Hand-written rather than swift-prometheus: numwatch already keeps every value in its own
/// snapshot, so a registry of live metric objects would only be a second copy to keep in sync;
/// and the exposition is kept as bytes, in pieces re-rendered only when their data changes
/// (`ExpositionPiece`), then served as they are.
package struct ExpositionWriter {
    package enum Format: Sendable {
        case text004
        case openMetrics

        package var contentType: String {
            switch self {
            case .text004: "text/plain; version=0.0.4; charset=utf-8"
            case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
            }
        }
    }

    package enum Kind: String { case gauge, counter, histogram }

    package let format: Format
    package private(set) var output: String = ""

    package init(format: Format) {
        self.format = format
        output.reserveCapacity(1 << 16)
    }

    /// Starts a family. `name` is the sample name; a counter's is expected to end in `_total`,
    /// which OpenMetrics leaves off the family name.
    package mutating func family(_ name: String, _ kind: Kind, help: String) {
        let familyName = format == .openMetrics && kind == .counter && name.hasSuffix("_total")
            ? String(name.dropLast(6)) : name
        output += "# HELP \(familyName) "
        escape(help, quotes: false)
        output += "\n# TYPE \(familyName) \(kind.rawValue)\n"
    }

    /// One sample: `name{labels} value`. Label values are escaped; no timestamps.
    package mutating func sample(_ name: String, _ labels: KeyValuePairs<String, String> = [:], _ value: Double) {
        write(name, labels.map { ($0.key, $0.value) }, value)
    }

    /// The samples of one histogram (its family started with `.histogram`): a cumulative
    /// `name_bucket{le}` per bound and `+Inf`, then `name_sum` and `name_count`. `le` is written
    /// as each format's parsers expect it: `10` in text 0.0.4, `10.0` in OpenMetrics.
    package mutating func histogram(_ name: String, _ histogram: Histogram) {
        for (bound, count) in zip(histogram.upperBounds + [.infinity], histogram.cumulativeCounts + [histogram.count]) {
            write(name + "_bucket", [("le", le(bound))], Double(count))
        }
        write(name + "_sum", [], histogram.sum)
        write(name + "_count", [], Double(histogram.count))
    }

    private mutating func write(_ name: String, _ labels: [(String, String)], _ value: Double) {
        output += name
        if !labels.isEmpty {
            output += "{"
            var first = true
            for (key, labelValue) in labels {
                if !first { output += "," }
                first = false
                output += key
                output += "=\""
                escape(labelValue, quotes: true)
                output += "\""
            }
            output += "}"
        }
        output += " "
        output += Self.format(value)
        output += "\n"
    }

    private func le(_ bound: Double) -> String {
        let text = Self.format(bound)
        guard format == .openMetrics, bound.isFinite, !text.contains(where: { ".eE".contains($0) }) else { return text }
        return text + ".0"
    }

    package mutating func sample(_ name: String, _ labels: KeyValuePairs<String, String> = [:], _ value: Int) {
        sample(name, labels, Double(value))
    }

    /// Closes the exposition (OpenMetrics requires `# EOF`).
    package mutating func finish() {
        if format == .openMetrics { output += "# EOF\n" }
    }

    /// `\` `"` and newline are the characters the formats require escaped; other control
    /// characters are replaced so a provider string can never break a line of the exposition.
    private mutating func escape(_ text: String, quotes: Bool) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\"" where quotes: output += "\\\""
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: output += " "
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// A histogram's values, counted from its observations.
package struct Histogram: Sendable, Equatable {
    /// Ascending, finite; `+Inf` is implied.
    package let upperBounds: [Double]
    /// Observations at or below each bound.
    package let cumulativeCounts: [Int]
    package let sum: Double
    package let count: Int

    package init(upperBounds: [Double], observations: some Sequence<Double>) {
        var counts = [Int](repeating: 0, count: upperBounds.count)
        var sum = 0.0
        var count = 0
        for value in observations {
            // The first bucket that holds it; the cumulation below adds it to every later one.
            if let index = upperBounds.firstIndex(where: { value <= $0 }) { counts[index] += 1 }
            sum += value
            count += 1
        }
        for index in counts.indices.dropFirst() { counts[index] += counts[index - 1] }
        self.upperBounds = upperBounds
        cumulativeCounts = counts
        self.sum = sum
        self.count = count
    }
}

/// One subsystem's metrics. Adding a subsystem to /metrics is one type conforming to this.
package protocol MetricsCollector: Sendable {
    /// Bumped whenever the collector's values change, so the exposition is rebuilt only then.
    var generation: UInt64 { get async }
    /// `generation`, when it is known without waiting; `nil` when finding it out means a read
    /// (of the database, say) that is due. With every collector's known and unchanged, the event
    /// loop serves the cached body itself (`MetricsFastLane`). The default is `nil`.
    var readyGeneration: UInt64? { get }
    func collect(into writer: inout ExpositionWriter) async
    /// The same exposition as pieces, in order. The default renders `collect(into:)` as one piece;
    /// a collector with many series keeps its pieces and re-renders only those that changed.
    func pieces(_ format: ExpositionWriter.Format) async -> [ExpositionPiece]
}

extension MetricsCollector {
    package var readyGeneration: UInt64? { nil }
}

/// A collector whose generation never waits: a counter under a lock, an atomic.
package protocol InstantMetricsCollector: MetricsCollector {
    var currentGeneration: UInt64 { get }
}

extension InstantMetricsCollector {
    package var generation: UInt64 { currentGeneration }
    package var readyGeneration: UInt64? { currentGeneration }
}
