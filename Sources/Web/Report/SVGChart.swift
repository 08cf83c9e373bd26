import Domain
import Mustache
import Foundation

/// One point of a chart: the value from `time` on (raw change points), or a bucket's range and
/// last value (rollups). `last == nil` is a gap: nothing listed from then on.
struct ChartPoint: Sendable {
    var time: Int64
    var low: Int?
    var high: Int?
    var last: Int?
}

/// The geometry of a step chart, computed here and drawn by the `chart` template (so every label
/// goes through the template's escaping like any other text).
struct ChartModel: Sendable {
    struct Tick: Sendable { var x: String; var y: String; var label: String }
    struct Line: Sendable { var x1: String; var y1: String; var x2: String; var y2: String }
    struct Band: Sendable { var x: String; var y: String; var width: String; var height: String }
    /// A series' path, its style (`s0`, `s1`, …: a colour and a dash pattern, so lines differ
    /// by more than colour) and its name for the legend.
    struct SeriesLine: Sendable { var name: String; var style: String; var path: String }

    var title: String
    var description: String
    var width = "\(Int(SVGChart.width))"
    var height = "\(Int(SVGChart.height))"
    var grid: [Line] = []
    var yTicks: [Tick] = []
    var xTicks: [Tick] = []
    var bands: [Band] = []
    /// One line per series; a single series (no name) draws as the one line it always was.
    var lines: [SeriesLine] = []
    /// A legend naming each line: only for named series.
    var hasLegend = false
    /// Stored, not computed: the template sees stored properties only (it reads them by reflection).
    var hasData = false
}

/// One named line of a chart (a provider's prices, say).
struct ChartSeries: Sendable {
    var name: String
    var points: [ChartPoint]
}

enum SVGChart {
    // Drawn about as wide as it is shown (half a page), so its 12-unit labels read as ~12 px.
    static let width = 560.0
    static let height = 190.0
    static let left = 62.0
    static let right = 8.0
    static let top = 8.0
    static let bottom = 22.0

    /// A step chart of `points` over [from, to]. `bucket` is the rollup width (bands show each
    /// bucket's low..high), nil for raw change points. `zeroBased` starts the axis at 0 (stock).
    static func make(
        title: String, points: [ChartPoint], from: Int64, to: Int64, bucket: Int64?, zeroBased: Bool, time: ReportTime
    ) -> ChartModel {
        make(title: title, series: [ChartSeries(name: "", points: points)], from: from, to: to, bucket: bucket, zeroBased: zeroBased, time: time)
    }

    /// Several series on one axis, one line each (a provider's prices, say), named in a legend and
    /// in the description. Bands are drawn for a single series only: several overlapping bands
    /// would hide the lines they belong to. Unnamed, one series draws as the one line it always was.
    static func make(
        title: String, series: [ChartSeries], from: Int64, to: Int64, bucket: Int64?, zeroBased: Bool, time: ReportTime
    ) -> ChartModel {
        var chart = ChartModel(title: title, description: "")
        let values = series.flatMap(\.points).flatMap { [$0.low, $0.high, $0.last].compactMap { $0 } }
        guard to > from, var lo = values.min(), var hi = values.max() else {
            chart.description = "\(title): no data in this range"
            return chart
        }
        let (dataLo, dataHi) = (lo, hi)
        if zeroBased { lo = min(lo, 0) }
        if lo == hi { lo -= max(1, abs(lo) / 10); hi += max(1, abs(hi) / 10); if zeroBased { lo = max(lo, 0) } }
        let step = niceStep(Double(hi - lo) / 4)
        let axisLo = (Double(lo) / step).rounded(.down) * step
        let axisHi = (Double(hi) / step).rounded(.up) * step
        let plotW = width - left - right
        let plotH = height - top - bottom
        func x(_ t: Int64) -> Double { left + plotW * Double(min(max(t, from), to) - from) / Double(to - from) }
        func y(_ v: Int) -> Double { top + plotH * (1 - (Double(v) - axisLo) / (axisHi - axisLo)) }

        var tick = axisLo
        while tick <= axisHi + step / 2 {
            let ty = y(Int(tick))
            chart.grid.append(ChartModel.Line(x1: f(left), y1: f(ty), x2: f(width - right), y2: f(ty)))
            chart.yTicks.append(ChartModel.Tick(x: f(left - 6), y: f(ty + 4), label: ReportFormat.grouped(Int(tick))))
            tick += step
        }
        for t in timeTicks(from: from, to: to, time: time) {
            chart.xTicks.append(ChartModel.Tick(x: f(x(t.time)), y: f(height - 6), label: t.label))
        }
        if let bucket, series.count == 1 {
            for point in series[0].points where point.time >= from {
                guard let low = point.low, let high = point.high, high > low else { continue }
                let x0 = x(point.time), x1 = x(point.time + bucket)
                chart.bands.append(ChartModel.Band(x: f(x0), y: f(y(high)), width: f(max(x1 - x0, 0.5)), height: f(y(low) - y(high))))
            }
        }
        chart.lines = series.enumerated().map { index, one in
            ChartModel.SeriesLine(name: one.name, style: "s\(index % Self.styles)", path: stepPath(one.points, to: to, x: x, y: y))
        }
        chart.hasData = chart.lines.contains { !$0.path.isEmpty }
        // Named series (several providers) get a legend, even when one alone has data here.
        let named = series.contains { !$0.name.isEmpty }
        chart.hasLegend = named
        let range = "\(title), \(time.dateTime(from)) to \(time.dateTime(to)): "
        guard named else {
            let shown = series[0].points.compactMap(\.last)
            chart.description = range + "from \(ReportFormat.grouped(dataLo)) to \(ReportFormat.grouped(dataHi))"
                + (shown.last.map { ", last \(ReportFormat.grouped($0))" } ?? "")
            return chart
        }
        // Read aloud, each line by its name: the legend's colours and dashes are not seen by everyone.
        chart.description = range + series.map { one in
            let values = one.points.flatMap { [$0.low, $0.high, $0.last].compactMap { $0 } }
            guard let low = values.min(), let high = values.max() else { return "\(one.name) no data" }
            return "\(one.name) from \(ReportFormat.grouped(low)) to \(ReportFormat.grouped(high))"
                + (one.points.compactMap(\.last).last.map { ", last \(ReportFormat.grouped($0))" } ?? "")
        }.joined(separator: "; ")
        return chart
    }

    /// Line styles (`s0`…) in the stylesheet, reused in turn past the last.
    static let styles = 4

    /// Horizontal runs at each point's value up to the next point, vertical steps between; a
    /// gap (nil) lifts the pen.
    private static func stepPath(_ points: [ChartPoint], to: Int64, x: (Int64) -> Double, y: (Int) -> Double) -> String {
        var d = ""
        var penDown = false
        for (index, point) in points.enumerated() {
            guard let value = point.last else { penDown = false; continue }
            let end = index + 1 < points.count ? points[index + 1].time : to
            let (x0, x1, vy) = (x(point.time), x(end), y(value))
            d += penDown ? "V\(f(vy))H\(f(x1))" : "M\(f(x0)) \(f(vy))H\(f(x1))"
            penDown = true
        }
        return d
    }

    /// 1, 2, 2.5 or 5 times a power of ten: axis steps a person reads at a glance.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0 else { return 1 }
        let power = pow(10, (log10(rough)).rounded(.down))
        let fraction = rough / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        return max(1, nice * power)
    }

    /// Ticks on local-time boundaries: hours for a day, days for a week or a month, month starts for a year.
    static func timeTicks(from: Int64, to: Int64, time: ReportTime) -> [(time: Int64, label: String)] {
        let span = to - from
        var ticks: [(Int64, String)] = []
        if span > 62 * 86_400 {
            let months = span > 200 * 86_400 ? 2 : 1
            var t = from - time.secondOfDay(from) + 86_400
            while t <= to {
                let fields = time.fields(t)
                if fields.day == 1, (fields.month - 1) % months == 0 {
                    ticks.append((t, fields.month == 1 ? "\(fields.year)" : String(time.day(t).prefix(3))))
                }
                t += 86_400
            }
            return ticks
        }
        let steps: [Int64] = [3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400, 5 * 86_400, 7 * 86_400]
        let step = steps.first { span / $0 <= 7 } ?? 14 * 86_400
        if step < 86_400 {
            let offset = Int64(time.seconds(at: from))
            var t = from + (step - (from + offset) % step) % step
            while t <= to {
                ticks.append((t, time.secondOfDay(t) < 60 ? time.day(t) : time.clock(t)))
                t += step
            }
        } else {
            var t = from - time.secondOfDay(from) + 86_400
            while t <= to {
                ticks.append((t, time.day(t)))
                t += step
            }
        }
        return ticks
    }

    /// One decimal, by integer arithmetic: a year's chart formats thousands of coordinates, and
    /// `String(format:)` costs microseconds each.
    private static func f(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}

// A year of daily buckets is hundreds of these; see `PairRow`'s conformance for why.
extension ChartModel.Tick: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "label": label
        default: nil
        }
    }
}

extension ChartModel.Line: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x1": x1
        case "y1": y1
        case "x2": x2
        case "y2": y2
        default: nil
        }
    }
}

extension ChartModel.SeriesLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "style": style
        case "path": path
        default: nil
        }
    }
}

extension ChartModel.Band: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "width": width
        case "height": height
        default: nil
        }
    }
}
