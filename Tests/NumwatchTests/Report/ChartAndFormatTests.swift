import Domain
import Foundation
import Testing
@testable import Web

@Suite struct ChartAndFormatTests {
    let utc = ReportTime(zone: TimeZone(identifier: "UTC")!)
    let tehran = ReportTime(zone: TimeZone(identifier: "Asia/Tehran")!)

    @Test func timesInTheZoneWithItsLabel() {
        #expect(utc.dateTime(1_767_225_600) == "2026-01-01 00:00")
        #expect(tehran.dateTime(1_767_225_600) == "2026-01-01 03:30")
        #expect(tehran.dateTime(1_767_225_600 - 4 * 3600) == "2025-12-31 23:30")
        #expect(tehran.label(at: 1_767_225_600) == "Asia/Tehran (UTC+03:30)")
        #expect(utc.label(at: 0) == "UTC")
        #expect(utc.dateTime(951_782_400) == "2000-02-29 00:00")
    }

    @Test func numbersAndAges() {
        #expect(ReportFormat.grouped(0) == "0")
        #expect(ReportFormat.grouped(999) == "999")
        #expect(ReportFormat.grouped(12_500) == "12,500")
        #expect(ReportFormat.grouped(-1_234_567) == "-1,234,567")
        #expect(ReportFormat.age(45) == "45 s")
        #expect(ReportFormat.age(660) == "11 min")
        #expect(ReportFormat.age(5 * 3600) == "5 h")
        #expect(ReportFormat.age(3 * 86_400) == "3 d")
        #expect(ReportFormat.runway(4 * 86_400) == "4.0 days")
        #expect(ReportFormat.runway(70) == "1 minute")
        #expect(ReportFormat.runway(600) == "10 minutes")
        #expect(ReportFormat.path("telegram+whatsapp") == "telegram+whatsapp")
        #expect(ReportFormat.query("a b&c") == "a%20b%26c")
    }

    @Test func axisStepsAreRoundNumbers() {
        #expect(SVGChart.niceStep(0.3) == 1)
        #expect(SVGChart.niceStep(130) == 200)
        #expect(SVGChart.niceStep(2_400) == 2_500)
        #expect(SVGChart.niceStep(4_100) == 5_000)
    }

    @Test func timeTicksFallOnLocalBoundaries() {
        let end: Int64 = 1_767_398_400  // 2026-01-03 00:00 UTC
        let day = SVGChart.timeTicks(from: end - 86_400, to: end, time: utc)
        #expect(day.map(\.label) == ["Jan 2", "06:00", "12:00", "18:00", "Jan 3"])
        let dayTehran = SVGChart.timeTicks(from: end - 86_400, to: end, time: tehran)
        #expect(dayTehran.first?.label == "06:00")  // 02:30 UTC
        let year = SVGChart.timeTicks(from: end - 365 * 86_400, to: end, time: utc)
        #expect(year.map(\.label) == ["Mar", "May", "Jul", "Sep", "Nov", "2026"])
    }

    @Test func aGapLiftsThePenAndBandsShowEachBucketsRange() {
        let points = [
            ChartPoint(time: 0, low: 10, high: 10, last: 10),
            ChartPoint(time: 100, low: nil, high: nil, last: nil),
            ChartPoint(time: 200, low: 8, high: 12, last: 12),
        ]
        let chart = SVGChart.make(title: "Price", points: points, from: 0, to: 300, bucket: 100, zeroBased: false, time: utc)
        #expect(chart.hasData)
        #expect(chart.lines.count == 1)
        #expect(chart.lines[0].path.filter { $0 == "M" }.count == 2)
        #expect(!chart.hasLegend)
        #expect(chart.bands.count == 1)
        #expect(chart.yTicks.first?.label == "8")
        let empty = SVGChart.make(title: "Price", points: [], from: 0, to: 300, bucket: nil, zeroBased: false, time: utc)
        #expect(!empty.hasData)
    }

    @Test func severalSeriesShareTheAxisEachALineNamedInTheLegendAndTheDescription() {
        let main = [ChartPoint(time: 0, low: 9_000, high: 10_000, last: 10_000), ChartPoint(time: 200, low: 9_500, high: 9_500, last: 9_500)]
        let fs = [ChartPoint(time: 100, low: 8_000, high: 9_000, last: 9_000)]
        let chart = SVGChart.make(title: "Price", series: [ChartSeries(name: "main", points: main), ChartSeries(name: "fs", points: fs)],
                                  from: 0, to: 300, bucket: 100, zeroBased: false, time: utc)
        #expect(chart.lines.map(\.name) == ["main", "fs"])
        // Styles differ by dash as well as colour.
        #expect(chart.lines.map(\.style) == ["s0", "s1"])
        #expect(chart.lines.allSatisfy { !$0.path.isEmpty })
        #expect(chart.hasLegend)
        // One axis for both: fs's low of 8,000 is on it. No bands: they would hide each other's lines.
        #expect(chart.yTicks.first?.label == "8,000")
        #expect(chart.bands.isEmpty)
        #expect(chart.description
            == "Price, 1970-01-01 00:00 to 1970-01-01 00:05: main from 9,000 to 10,000, last 9,500; fs from 8,000 to 9,000, last 9,000")
    }
}
