import App
import Domain
import Foundation
import GRDB
@testable import Store
import Testing

private func rows(_ values: [(String, Int, Int)]) -> [ObservedRow] {
    values.map { ObservedRow(country: $0.0, name: "name-\($0.0)", price: $0.1, stock: $0.2) }
}

private func count(_ store: HistoryStore, _ table: String) async throws -> Int {
    try await store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
}

@Suite struct StoreChangePointTests {
    @Test func unchangedSamplesWriteNoRowsAndAChangeWritesOne() async throws {
        let store = try HistoryStore.inMemory()
        let same = rows([("romania", 10_000, 188), ("russia", 12_000, 5_000)])
        for i in 0..<50 {
            try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: 1_000 + Int64(i) * 60, rows: same)]))
        }
        #expect(try await count(store, "change") == 2)
        #expect(try await count(store, "sample_run") == 1)
        try await store.ingest(SampleRound(watches: [WatchSample(
            platform: "telegram", time: 4_000, rows: rows([("romania", 10_000, 187), ("russia", 12_000, 5_000)]))]))
        #expect(try await count(store, "change") == 3)
        let snapshot = await store.snapshot()
        #expect(snapshot[.main].pairs["telegram"]?.first == .init(country: "romania", name: "name-romania", price: 10_000, stock: 187))
        #expect(snapshot[.main].health["telegram"]?.lastOk == 4_000)
    }

    @Test func aPairTheProviderStopsListingLeavesTheSnapshotAndIsRecorded() async throws {
        let store = try HistoryStore.inMemory()
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: 100, rows: rows([("romania", 1, 1), ("chad", 2, 2)]))]))
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: 160, rows: rows([("romania", 1, 1)]))]))
        #expect(await store.snapshot()[.main].pairs["telegram"]?.map(\.country) == ["romania"])
        let gone = try await store.value(platform: "telegram", country: "chad", at: 160)
        #expect(gone == PointValue(price: nil, stock: nil, since: 160, observed: true))
        let export = try await store.export(platform: "telegram", country: "chad", since: 0)
        #expect(export.map(\.price) == [2, nil])
    }

    @Test func failedSamplesKeepTheLastValuesAndAreRunsOfTheirOwn() async throws {
        let store = try HistoryStore.inMemory()
        let ok = rows([("romania", 1_000, 10)])
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: 0, rows: ok)]))
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: 60, rows: ok)]))
        for t in [120, 180] as [Int64] {
            try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: t, outcome: .timeout, message: "slow")]))
        }
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: 240, rows: ok)]))
        let runs = try await store.sampleRuns(target: "telegram", since: 0)
        #expect(runs.map(\.outcome) == ["ok", "timeout", "ok"])
        #expect(runs.map(\.samples) == [2, 2, 1])
        #expect(try await store.value(platform: "telegram", country: "romania", at: 150)?.observed == false)
        #expect(try await store.value(platform: "telegram", country: "romania", at: 30)?.observed == true)
        let health = await store.snapshot()[.main].health["telegram"]
        #expect(health?.lastOutcome == "ok" && health?.lastOk == 240)
    }

    @Test func aGapLongerThanAllowedStartsANewRun() async throws {
        let store = try HistoryStore.inMemory()
        let ok = rows([("romania", 1_000, 10)])
        for t in [0, 60, 1_000] as [Int64] {
            try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: t, rows: ok, maxGapSeconds: 180)]))
        }
        #expect(try await store.sampleRuns(target: "telegram", since: 0).map(\.firstTime) == [0, 1_000])
        #expect(try await store.value(platform: "telegram", country: "romania", at: 500)?.observed == false)
    }

    @Test func creditIsStoredWhenItMoves() async throws {
        let store = try HistoryStore.inMemory()
        for (t, credit) in [(0, 100), (60, 100), (120, 90), (180, 90)] as [(Int64, Int)] {
            try await store.ingest(SampleRound(watches: [], credit: CreditSample(time: t, credit: credit)))
        }
        #expect(try await store.creditHistory(since: 0).map(\.credit) == [100, 90])
        #expect(try await store.creditHistory(since: 150).map(\.time) == [150])
        let snapshot = await store.snapshot()
        #expect(snapshot[.main].credit == 90 && snapshot[.main].creditTime == 180)
    }
}

@Suite struct StorePointInTimeTests {
    /// A seeded random walk sampled every minute: the value at any moment equals what the last
    /// sample at or before it saw.
    @Test func everyMomentIsAnsweredExactly() async throws {
        let store = try HistoryStore.inMemory()
        var generator = SystemRandomNumberGenerator()
        var seed: UInt64 = 42
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        _ = generator
        let countries = ["a", "b", "c", "d", "e"]
        var current = Dictionary(uniqueKeysWithValues: countries.map { ($0, (price: 5_000, stock: 100)) })
        var observed: [(Int64, [String: (price: Int, stock: Int)])] = []
        for i in 0..<400 {
            for country in countries where next(10) == 0 {
                current[country] = (current[country]!.price + (next(2) == 0 ? 500 : -500), max(0, current[country]!.stock + next(21) - 10))
            }
            let time = 1_700_000_000 + Int64(i) * 60
            observed.append((time, current))
            try await store.ingest(SampleRound(watches: [WatchSample(
                platform: "telegram", time: time, rows: countries.map { ObservedRow(country: $0, name: $0, price: current[$0]!.price, stock: current[$0]!.stock) })]))
        }
        for _ in 0..<300 {
            let index = next(observed.count)
            let moment = observed[index].0 + Int64(next(60))
            let country = countries[next(countries.count)]
            let answer = try #require(try await store.value(platform: "telegram", country: country, at: moment))
            #expect(answer.price == observed[index].1[country]!.price)
            #expect(answer.stock == observed[index].1[country]!.stock)
            #expect(answer.observed)
        }
        #expect(try await count(store, "change") < 400 * 5 / 4)
    }
}

@Suite struct StoreRollupAndRetentionTests {
    func seeded() async throws -> HistoryStore {
        let store = try HistoryStore.inMemory()
        // Hour 0: price 100 then 120 at 10 min, stock 5 → 3. Hour 1: nothing changes. Hour 2: price 90.
        let points: [(Int64, Int, Int)] = [(0, 100, 5), (600, 120, 3), (7_200 + 60, 90, 3)]
        var index = 0
        for t in stride(from: Int64(0), through: 3 * 3_600, by: 60) {
            if index + 1 < points.count, t >= points[index + 1].0 { index += 1 }
            let p = points[index]
            try await store.ingest(SampleRound(watches: [WatchSample(platform: "tg", time: t, rows: [ObservedRow(country: "ro", name: "رومانی", price: p.1, stock: p.2)])]))
        }
        return store
    }

    @Test func hourlyRollupsHoldMinMaxLastOnlyWhereSomethingChanged() async throws {
        let store = try await seeded()
        let report = try await store.maintain(now: 3 * 3_600 + 30, retention: RetentionPolicy())
        #expect(report.hourlyRows == 2)
        let hours = try await store.history(platform: "tg", country: "ro", from: 0, to: 3 * 3_600, resolution: .hour)
        #expect(hours == [
            HistoryPoint(time: 0, priceMin: 100, priceMax: 120, priceLast: 120, stockMin: 3, stockMax: 5, stockLast: 3),
            HistoryPoint(time: 7_200, priceMin: 90, priceMax: 120, priceLast: 90, stockMin: 3, stockMax: 3, stockLast: 3),
        ])
        // From the middle of the quiet hour: the carried value first.
        let later = try await store.history(platform: "tg", country: "ro", from: 3_600 + 5, to: 3 * 3_600, resolution: .hour)
        #expect(later.first == HistoryPoint(time: 3_600, priceMin: 120, priceMax: 120, priceLast: 120, stockMin: 3, stockMax: 3, stockLast: 3))
        // Running again adds nothing.
        #expect(try await store.maintain(now: 3 * 3_600 + 40, retention: RetentionPolicy()).hourlyRows == 0)
    }

    @Test func dailyRollupsCoverTheDay() async throws {
        let store = try await seeded()
        try await store.maintain(now: 86_400 + 1, retention: RetentionPolicy())
        let days = try await store.history(platform: "tg", country: "ro", from: 0, to: 86_400, resolution: .day)
        #expect(days == [HistoryPoint(time: 0, priceMin: 90, priceMax: 120, priceLast: 90, stockMin: 3, stockMax: 5, stockLast: 3)])
    }

    @Test func retentionDropsOldChangesButKeepsTheValueInForce() async throws {
        let store = try await seeded()
        let retention = RetentionPolicy(raw: .seconds(3_600), hourly: .seconds(7_200), total: .seconds(86_400 * 2))
        try await store.maintain(now: 86_400 + 3 * 3_600, retention: retention)
        #expect(try await count(store, "change") == 1)
        let value = try await store.value(platform: "tg", country: "ro", at: 86_400)
        #expect(value?.price == 90)
        // Far past total retention the runs go, the last values stay.
        try await store.maintain(now: 86_400 * 10, retention: retention)
        #expect(try await count(store, "sample_run") == 0)
        #expect(try await store.value(platform: "tg", country: "ro", at: 86_400 * 10)?.price == 90)
    }

    @Test func resolutionFitsTheRange() {
        let policy = RetentionPolicy()
        let now: Int64 = 100 * 86_400
        #expect(Resolution.fitting(from: now - 3_600, to: now, now: now, retention: policy) == .raw)
        #expect(Resolution.fitting(from: now - 7 * 86_400, to: now, now: now, retention: policy) == .hour)
        #expect(Resolution.fitting(from: now - 60 * 86_400, to: now, now: now, retention: policy) == .day)
        #expect(Resolution.fitting(from: now - 40 * 86_400, to: now - 39 * 86_400, now: now, retention: policy) == .hour)
    }
}

@Suite struct StorePersistenceTests {
    @Test func aReopenedDatabaseContinuesWhereItLeftOff() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nw-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let sample = rows([("romania", 10_000, 188)])
        do {
            let store = try HistoryStore.open(path: path)
            try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: 0, rows: sample)], credit: CreditSample(time: 0, credit: 500)))
        }
        let reopened = try HistoryStore.open(path: path)
        #expect(await reopened.snapshot()[.main].pairs["telegram"]?.count == 1)
        #expect(await reopened.snapshot()[.main].credit == 500)
        try await reopened.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: 60, rows: sample)]))
        #expect(try await count(reopened, "change") == 1)
        #expect(try await reopened.sampleRuns(target: "telegram", since: 0).first?.samples == 2)
        #expect(try await reopened.databaseSizeBytes() > 0)
    }
}
