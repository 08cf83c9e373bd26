import App
import Domain
import Foundation
import GRDB
import ProviderAPI
import Simulator
import Store

/// `numwatch-bench report-db PATH [--watches 20] [--countries 150] [--days 365] [--interval 60]`:
/// writes a database as a year of `serve` at a 60 s interval would have left it, in seconds
/// rather than a year: per series, the change points of a Poisson market (the simulator's
/// default rates: a stock change an hour, two price changes and 0.2 sell-outs a day, restocks
/// after 90 minutes on average), kept as retention keeps them (raw for the last 35 days, hourly
/// rollups for 90, daily for the whole range), sample runs with an outage every few days, and
/// the credit spent down and topped up. Prints the watches' platforms for the bench's config.
enum ReportDatabase {
    /// The simulator's most popular services (they sell in the most countries).
    static let services = ["whatsapp", "telegram", "instagram", "google", "facebook", "tiktok", "twitter", "openai", "microsoft",
                           "viber", "discord", "apple", "amazon", "yahoo", "snapchat", "signal", "imo", "wechat", "uber", "tinder"]

    struct Options {
        var watches = 20
        var countries = 150
        var days = 365.0
        var interval: Int64 = 60
        var end = Int64(Date().timeIntervalSince1970)
        var seed: UInt64 = 1
    }

    static func run(path: String, arguments: [String]) async throws {
        func option(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.endIndex else { return nil }
            return arguments[index + 1]
        }
        var options = Options()
        options.watches = min(option("--watches").flatMap(Int.init) ?? options.watches, services.count)
        options.countries = option("--countries").flatMap(Int.init) ?? options.countries
        options.days = option("--days").flatMap(Double.init) ?? options.days
        options.interval = option("--interval").flatMap(Int64.init) ?? options.interval
        options.end = option("--end").flatMap(Int64.init) ?? options.end
        let started = ContinuousClock.now
        let counts = try await generate(path: path, options)
        let seconds = (ContinuousClock.now - started).inSeconds
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        print("platforms: \(services.prefix(options.watches).joined(separator: ","))")
        print("credit: \(counts.lastCredit)")
        print("series: \(counts.series), change rows: \(counts.changes), rollup rows: \(counts.rollups), sample runs: \(counts.runs), credit changes: \(counts.credit)")
        print(String(format: "database: %d bytes (%.1f MiB), written in %.1f s", bytes, Double(bytes) / 1_048_576, seconds))
    }

    struct Counts { var series = 0, changes = 0, rollups = 0, runs = 0, credit = 0, lastCredit = 0 }

    static func generate(path: String, _ options: Options) async throws -> Counts {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        _ = try HistoryStore.open(path: path)  // creates and migrates the schema
        // The countries as the simulator names them (the Persian names), and what a freshly started
        // simulator (same default seed) sells now: each history ends on those values, so a serve
        // sampling that simulator carries on from the history without a jump.
        let engine = SimulatorEngine(options: SimulatorOptions(), clock: ManualWallClock())
        var countries: [(code: String, name: String)] = []
        var served: [String: (price: Int, stock: Int)] = [:]
        for service in services {
            for row in await engine.pricingRows([service]) {
                if !countries.contains(where: { $0.code == row.country }) { countries.append((row.country, row.name)) }
                served[service + "/" + row.country] = (row.price, row.count)
            }
        }
        return try write(path: path, countries: countries, served: served, options)
    }

    /// Synchronous: one long transaction, nothing to interleave with.
    static func write(
        path: String, countries: [(code: String, name: String)], served: [String: (price: Int, stock: Int)], _ options: Options
    ) throws -> Counts {
        let retention = RetentionPolicy()
        let end = options.end - options.end % options.interval
        let start = end - Int64(options.days * 86_400)
        var random = SplitMix(seed: options.seed)
        var counts = Counts()

        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        try queue.write { db in
            let insertChange = try db.cachedStatement(sql: "INSERT INTO change (series_id, t, price, stock) VALUES (?, ?, ?, ?)")
            let insertRollup = try db.cachedStatement(sql: """
                INSERT INTO rollup (series_id, resolution, bucket, price_min, price_max, price_last, stock_min, stock_max, stock_last)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (index, country) in countries.prefix(options.countries).enumerated() {
                try db.execute(sql: "INSERT INTO country (id, code, name) VALUES (?, ?, ?)", arguments: [index + 1, country.code, country.name])
                // The provider main's name of it, as the store keeps each provider's.
                try db.execute(sql: "INSERT INTO country_name (provider, country_id, name) VALUES ('main', ?, ?)",
                               arguments: [index + 1, country.name])
            }
            for (p, service) in services.prefix(options.watches).enumerated() {
                try db.execute(sql: "INSERT INTO platform (id, name) VALUES (?, ?)", arguments: [p + 1, service])
                for c in 0..<min(options.countries, countries.count) {
                    counts.series += 1
                    let series = Int64(counts.series)
                    try db.execute(sql: "INSERT INTO series (id, platform_id, country_id) VALUES (?, ?, ?)", arguments: [series, p + 1, c + 1])
                    let changes = market(from: start, to: end, interval: options.interval, final: served[service + "/" + countries[c].code],
                                         random: &random)
                    let written = try store(changes, series: series, end: end, retention: retention, change: insertChange, rollup: insertRollup)
                    counts.changes += written.changes
                    counts.rollups += written.rollups
                }
                counts.runs += try sampleRuns(target: service, from: start, to: end, interval: options.interval, random: &random, db)
            }
            counts.runs += try sampleRuns(target: creditTarget, from: start, to: end, interval: options.interval, random: &random, db)
            (counts.credit, counts.lastCredit) = try credit(from: start, to: end, interval: options.interval, random: &random, db)
            for (key, value) in [("rolled_up_until_3600", end - end % 3600), ("rolled_up_until_86400", end - end % 86_400), ("pruned_at", end)] {
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
            }
        }
        try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        return counts
    }

    /// One pair's change points over [from, to], on the sampling grid, walking around `final`
    /// (or a random base) and ending on it some time in the last six hours.
    static func market(
        from: Int64, to: Int64, interval: Int64, final: (price: Int, stock: Int)?, random: inout SplitMix
    ) -> [(t: Int64, price: Int, stock: Int)] {
        let basePrice = final?.price ?? 2_000 + 500 * Int(random.next() % 40)
        let baseStock = max(5, final?.stock ?? Int(exp(3 + 6 * random.unit())))
        let to = final == nil ? to : to - Int64(random.unit() * 6 * 3600) / interval * interval
        var price = basePrice
        var stock = baseStock
        var t = from
        var changes = [(t: from, price: price, stock: stock)]
        let rate = (stock: 1.0 / 3600, price: 2.0 / 86_400, sellOut: 0.2 / 86_400)
        let total = rate.stock + rate.price + rate.sellOut
        while true {
            // The next event of any kind, then which kind; a sold-out pair restocks after ~90 minutes.
            t += max(interval, Int64(-log(1 - random.unit()) / (stock == 0 ? 1.0 / 5_400 : total)) / interval * interval)
            guard t <= to else { break }
            if stock == 0 {
                stock = max(1, Int(Double(baseStock) * (0.5 + random.unit())))
            } else {
                let pick = random.unit() * total
                if pick < rate.stock {
                    stock = max(0, stock + Int((Double(stock) * 0.06 * random.gaussian()).rounded()) + (random.unit() < 0.5 ? 1 : -1))
                } else if pick < rate.stock + rate.price {
                    let factor = 1 + (random.unit() < 0.5 ? 1 : -1) * (0.05 + 0.10 * random.unit())
                    price = max(500, Int((min(Double(basePrice) * 2, max(Double(basePrice) * 0.5, Double(price) * factor)) / 500).rounded()) * 500)
                } else {
                    stock = 0
                }
            }
            if changes.last!.t == t { changes.removeLast() }
            changes.append((t, price, stock))
        }
        if let final, changes.last!.price != final.price || changes.last!.stock != final.stock {
            if changes.last!.t == to { changes.removeLast() }
            changes.append((to, final.price, final.stock))
        }
        return changes
    }

    /// Writes what retention would have kept: raw changes from the raw cut on (and the one in
    /// force at it), hourly rollups from the hourly cut on, daily rollups throughout; a rollup
    /// row only for buckets with a change, min and max including the value carried in.
    static func store(
        _ changes: [(t: Int64, price: Int, stock: Int)], series: Int64, end: Int64, retention: RetentionPolicy,
        change: Statement, rollup: Statement
    ) throws -> (changes: Int, rollups: Int) {
        var written = (changes: 0, rollups: 0)
        let cuts = retention.cuts(now: end)
        let rawCut = cuts.raw
        let firstRaw = changes.lastIndex { $0.t <= rawCut } ?? 0
        for c in changes[firstRaw...] {
            try change.execute(arguments: [series, c.t, c.price, c.stock])
            written.changes += 1
        }
        for (width, cut) in [(Int64(3600), cuts.hourly), (86_400, cuts.total)] {
            let watermark = end - end % width
            typealias Bucket = (bucket: Int64, pMin: Int, pMax: Int, pLast: Int, sMin: Int, sMax: Int, sLast: Int)
            var open: Bucket?
            var carried: (price: Int, stock: Int)?
            var rows: [Bucket] = []
            func close() { if let open { rows.append(open) } }
            for c in changes where c.t < watermark {
                let bucket = c.t - c.t % width
                if open?.bucket != bucket {
                    close()
                    let (p, s) = carried ?? (c.price, c.stock)
                    open = (bucket, p, p, p, s, s, s)
                }
                open!.pMin = min(open!.pMin, c.price); open!.pMax = max(open!.pMax, c.price); open!.pLast = c.price
                open!.sMin = min(open!.sMin, c.stock); open!.sMax = max(open!.sMax, c.stock); open!.sLast = c.stock
                carried = (c.price, c.stock)
            }
            close()
            // Retention keeps the last row before the cut, so the value in force there stays known.
            let first = rows.lastIndex { $0.bucket < cut } ?? 0
            for o in rows[first...] {
                try rollup.execute(arguments: [series, width, o.bucket, o.pMin, o.pMax, o.pLast, o.sMin, o.sMax, o.sLast])
                written.rollups += 1
            }
        }
        return written
    }

    /// Mostly one long successful run; every few days a few minutes of failures.
    static func sampleRuns(target: String, from: Int64, to: Int64, interval: Int64, random: inout SplitMix, _ db: Database) throws -> Int {
        var runs = 0
        var t = from
        while t < to {
            let okEnd = min(to, t + Int64(86_400 * (1 + 4 * random.unit())) / interval * interval)
            try insertRun(target: target, outcome: "ok", message: nil, first: t, last: okEnd, interval: interval, db)
            runs += 1
            guard okEnd < to else { break }
            let failEnd = min(to, okEnd + interval * Int64(2 + random.next() % 8))
            try insertRun(target: target, outcome: "timeout", message: "no answer within 10 s", first: okEnd + interval, last: failEnd,
                          interval: interval, db)
            runs += 1
            t = failEnd + interval
        }
        return runs
    }

    static func insertRun(target: String, outcome: String, message: String?, first: Int64, last: Int64, interval: Int64, _ db: Database) throws {
        let samples = (last - first) / interval + 1
        try db.execute(sql: """
            INSERT INTO sample_run (target, outcome, message, first_t, last_t, samples, total_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [target, outcome, message, first, last, samples, samples * 180])
    }

    /// About twenty numbers bought a day, a top-up when the credit runs low.
    static func credit(from: Int64, to: Int64, interval: Int64, random: inout SplitMix, _ db: Database) throws -> (changes: Int, last: Int) {
        var credit = 2_000_000
        var t = from
        var count = 0
        var last = credit
        while t <= to {
            try db.execute(sql: "INSERT OR REPLACE INTO credit_change (provider, t, credit) VALUES ('main', ?, ?)", arguments: [t, credit])
            count += 1
            last = credit
            t += max(interval, Int64(-log(1 - random.unit()) * 86_400 / 20) / interval * interval)
            credit -= 5_000 + 500 * Int(random.next() % 20)
            if credit < 200_000 { credit += 2_000_000 }
        }
        return (count, last)
    }
}

/// A small, fast, seeded generator (the bench must be repeatable).
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func gaussian() -> Double { sqrt(-2 * log(max(unit(), 1e-12))) * cos(2 * .pi * unit()) }
}
