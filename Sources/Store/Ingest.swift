import Domain
import GRDB

/// Writes one round: change points where a value differs from the one in force, sample runs
/// extended or started, the credit when it moved. Runs inside the round's transaction.
extension StoreState {
    /// Returns what the round observed, for the round hook.
    mutating func apply(_ round: SampleRound, _ db: Database) throws -> StoredRound {
        revision &+= 1
        var stored = StoredRound(time: 0, watches: [])
        for sample in round.watches {
            stored.watches.append(try apply(sample, db))
            stored.time = max(stored.time, sample.time)
        }
        if let credit = round.credit {
            try apply(credit, db)
            stored.credit = CreditObservation(time: credit.time, credit: credit.outcome == .ok ? credit.credit : nil)
            stored.time = max(stored.time, credit.time)
        }
        return facts(into: stored)
    }

    /// Time passing at `time`: a round with no samples, and the facts it is judged by.
    func passingTime(at time: Int64) -> StoredRound {
        facts(into: StoredRound(time: time, watches: []))
    }

    private func facts(into round: StoredRound) -> StoredRound {
        var round = round
        round.lastProviderOk = lastOk.values.max()
        round.firstSample = firstSample
        round.lastSampleOk = Set(runs.values.lazy.filter { $0.outcome == SampleOutcome.ok.rawValue && $0.target != creditTarget }.map(\.target))
        return round
    }

    private mutating func apply(_ sample: WatchSample, _ db: Database) throws -> PlatformObservation {
        let platform = try platformID(sample.platform, db)
        try recordRun(target: sample.platform, time: sample.time, outcome: sample.outcome, message: sample.message,
                      duration: sample.durationSeconds, maxGap: sample.maxGapSeconds, db)
        var observed = PlatformObservation(platform: sample.platform, time: sample.time, ok: sample.outcome == .ok, pairs: [], delisted: [])
        guard observed.ok else { return observed }
        var seen = Set<Int64>()
        observed.pairs.reserveCapacity(sample.rows.count)
        for row in sample.rows {
            // Cleaned once here, so the alerts evaluated on this round see the text as stored.
            let (code, name) = (storableText(row.country), storableText(row.name))
            let country = try countryID(code, name: name, db)
            let series = try seriesID(platform: platform, country: country, db)
            guard seen.insert(series).inserted else { continue }
            let previous = values[series]
            let value = SeriesValue(price: row.price, stock: row.stock)
            try set(series, of: platform, value, at: sample.time, db)
            observed.pairs.append(PairObservation(country: code, name: name, price: row.price, stock: row.stock,
                                                  previousPrice: previous?.price, changed: previous != value))
        }
        // A pair the provider stopped listing gets a "not listed" change point.
        for series in seriesByPlatform[platform, default: []] where !seen.contains(series) && values[series]?.listed == true {
            try set(series, of: platform, SeriesValue(price: nil, stock: nil), at: sample.time, db)
            if let code = seriesCountry[series].flatMap({ countryNames[$0]?.code }) { observed.delisted.append(code) }
        }
        return observed
    }

    private mutating func apply(_ sample: CreditSample, _ db: Database) throws {
        try recordRun(target: creditTarget, time: sample.time, outcome: sample.outcome, message: sample.message,
                      duration: sample.durationSeconds, maxGap: sample.maxGapSeconds, db)
        guard sample.outcome == .ok, let value = sample.credit, credit?.value != value else { return }
        try CreditChangeRecord(t: sample.time, credit: value).insert(db, onConflict: .replace)
        credit = (sample.time, value)
    }

    private mutating func set(_ series: Int64, of platform: Int64, _ value: SeriesValue, at time: Int64, _ db: Database) throws {
        guard values[series] != value else { return }
        try ChangeRecord(seriesId: series, t: time, price: value.price, stock: value.stock).insert(db, onConflict: .replace)
        values[series] = value
        pairsRevision[platform] = revision
    }

    private mutating func recordRun(
        target: String, time: Int64, outcome: SampleOutcome, message: String?, duration: Double, maxGap: Int64, _ db: Database
    ) throws {
        let ms = Int64((duration * 1000).rounded())
        let message = message.map(storableText)
        if var run = runs[target], run.outcome == outcome.rawValue, time >= run.lastT, time - run.lastT <= maxGap {
            run.lastT = time
            run.samples += 1
            run.totalMs += ms
            run.message = message
            try run.update(db)
            runs[target] = run
        } else {
            var run = SampleRunRecord(id: nil, target: target, outcome: outcome.rawValue, message: message,
                                      firstT: time, lastT: time, samples: 1, totalMs: ms)
            try run.insert(db)
            runs[target] = run
        }
        if outcome == .ok { lastOk[target] = time }
        firstSample = min(firstSample ?? time, time)
        lastDuration[target] = duration
    }

    private mutating func platformID(_ name: String, _ db: Database) throws -> Int64 {
        if let id = platformIDs[name] { return id }
        var record = PlatformRecord(id: nil, name: name)
        try record.insert(db)
        platformIDs[name] = record.id!
        return record.id!
    }

    private mutating func countryID(_ code: String, name: String, _ db: Database) throws -> Int64 {
        if let id = countryIDs[code] {
            if countryNames[id]?.name != name {
                try db.execute(sql: "UPDATE country SET name = ? WHERE id = ?", arguments: [name, id])
                countryNames[id] = (code, name)
                // Rare: every platform that lists the country shows the new name.
                for key in seriesIDs.keys where key.country == id { pairsRevision[key.platform] = revision }
            }
            return id
        }
        var record = CountryRecord(id: nil, code: code, name: name)
        try record.insert(db)
        countryIDs[code] = record.id!
        countryNames[record.id!] = (code, name)
        return record.id!
    }

    private mutating func seriesID(platform: Int64, country: Int64, _ db: Database) throws -> Int64 {
        let key = SeriesKey(platform: platform, country: country)
        if let id = seriesIDs[key] { return id }
        var record = SeriesRecord(id: nil, platformId: platform, countryId: country)
        try record.insert(db)
        seriesIDs[key] = record.id!
        seriesByPlatform[platform, default: []].insert(record.id!)
        seriesCountry[record.id!] = country
        return record.id!
    }
}

/// Provider text as SQLite keeps it. GRDB binds a String as a C string, so text ended at its first
/// NUL: a country named "nul\0bell" was stored as "nul", and two codes that differ only after a NUL
/// were one code to the UNIQUE index, failing every round that listed both. NUL becomes U+FFFD.
func storableText(_ text: String) -> String {
    guard text.unicodeScalars.contains("\u{0}") else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
}
