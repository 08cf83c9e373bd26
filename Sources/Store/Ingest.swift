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
        for credit in round.credits {
            try apply(credit, db)
            stored.credits.append(CreditObservation(provider: credit.provider, time: credit.time,
                                                    credit: credit.outcome == .ok ? credit.credit : nil))
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
        for (key, time) in lastOk { round.lastOkByProvider[key.provider] = max(round.lastOkByProvider[key.provider] ?? time, time) }
        round.firstSampleByProvider = firstSample
        round.lastSampleOk = Set(runs.lazy.filter { $0.value.outcome == SampleOutcome.ok.rawValue && $0.key.target != creditTarget }
            .map { PlatformKey($0.key.provider, $0.key.target) })
        return round
    }

    private mutating func apply(_ sample: WatchSample, _ db: Database) throws -> PlatformObservation {
        let platform = try platformID(PlatformKey(sample.provider, sample.platform), db)
        try recordRun(RunKey(provider: sample.provider, target: sample.platform), time: sample.time, outcome: sample.outcome, message: sample.message,
                      duration: sample.durationSeconds, maxGap: sample.maxGapSeconds, db)
        var observed = PlatformObservation(provider: sample.provider, platform: sample.platform, time: sample.time, ok: sample.outcome == .ok, pairs: [], delisted: [])
        guard observed.ok else { return observed }
        var seen = Set<Int64>()
        observed.pairs.reserveCapacity(sample.rows.count)
        for row in sample.rows {
            // Cleaned once here, so the alerts evaluated on this round see the text as stored.
            let (code, name) = (storableText(row.country), storableText(row.name))
            let country = try countryID(code, name: name, db)
            try nameCountry(country, name, by: sample.provider, db)
            let series = try seriesID(platform: platform, country: country, db)
            guard seen.insert(series).inserted else { continue }
            let previous = values[series]
            let value = SeriesValue(price: row.price, stock: row.stock, native: row.native)
            try set(series, of: platform, value, at: sample.time, db)
            if details[series] != row.detail {
                details[series] = row.detail.map(storableText)
                pairsRevision[platform] = revision
            }
            observed.pairs.append(PairObservation(country: code, name: name, price: row.price, stock: row.stock,
                                                  previousPrice: previous?.price, changed: previous != value))
        }
        // A pair the provider stopped listing gets a "not listed" change point.
        for series in seriesByPlatform[platform, default: []] where !seen.contains(series) && values[series]?.listed == true {
            try set(series, of: platform, SeriesValue(price: nil, stock: nil), at: sample.time, db)
            if let code = seriesCountry[series].flatMap({ countryCodes[$0] }) { observed.delisted.append(code) }
        }
        return observed
    }

    private mutating func apply(_ sample: CreditSample, _ db: Database) throws {
        try recordRun(RunKey(provider: sample.provider, target: creditTarget), time: sample.time, outcome: sample.outcome,
                      message: sample.message, duration: sample.durationSeconds, maxGap: sample.maxGapSeconds, db)
        guard sample.outcome == .ok, let value = sample.credit else { return }
        if let last = credit[sample.provider], last.value == value, last.native == sample.native { return }
        try CreditChangeRecord(provider: sample.provider.rawValue, t: sample.time, credit: value, native: sample.native)
            .insert(db, onConflict: .replace)
        credit[sample.provider] = (sample.time, value, sample.native)
    }

    private mutating func set(_ series: Int64, of platform: Int64, _ value: SeriesValue, at time: Int64, _ db: Database) throws {
        guard values[series] != value else { return }
        try ChangeRecord(seriesId: series, t: time, price: value.price, stock: value.stock, native: value.native)
            .insert(db, onConflict: .replace)
        values[series] = value
        pairsRevision[platform] = revision
    }

    private mutating func recordRun(
        _ key: RunKey, time: Int64, outcome: SampleOutcome, message: String?, duration: Double, maxGap: Int64, _ db: Database
    ) throws {
        let ms = Int64((duration * 1000).rounded())
        let message = message.map(storableText)
        if var run = runs[key], run.outcome == outcome.rawValue, time >= run.lastT, time - run.lastT <= maxGap {
            run.lastT = time
            run.samples += 1
            run.totalMs += ms
            run.message = message
            try run.update(db)
            runs[key] = run
        } else {
            var run = SampleRunRecord(id: nil, provider: key.provider.rawValue, target: key.target, outcome: outcome.rawValue,
                                      message: message, firstT: time, lastT: time, samples: 1, totalMs: ms)
            try run.insert(db)
            runs[key] = run
        }
        if outcome == .ok { lastOk[key] = time }
        firstSample[key.provider] = min(firstSample[key.provider] ?? time, time)
        lastDuration[key] = duration
    }

    private mutating func platformID(_ key: PlatformKey, _ db: Database) throws -> Int64 {
        if let id = platformIDs[key] { return id }
        var record = PlatformRecord(id: nil, provider: key.provider.rawValue, name: key.platform)
        try record.insert(db)
        platformIDs[key] = record.id!
        return record.id!
    }

    /// `code`'s id; a new country keeps `name` (its first name seen) in `country.name`.
    private mutating func countryID(_ code: String, name: String, _ db: Database) throws -> Int64 {
        if let id = countryIDs[code] { return id }
        var record = CountryRecord(id: nil, code: code, name: name)
        try record.insert(db)
        countryIDs[code] = record.id!
        countryCodes[record.id!] = code
        return record.id!
    }

    /// Keeps `provider`'s name of the country; a new name shows on every platform of that
    /// provider that lists it (rare: the provider renamed it).
    private mutating func nameCountry(_ country: Int64, _ name: String, by provider: ProviderName, _ db: Database) throws {
        let key = CountryNameKey(provider: provider, country: country)
        guard countryNames[key] != name else { return }
        try db.execute(sql: "INSERT OR REPLACE INTO country_name (provider, country_id, name) VALUES (?, ?, ?)",
                       arguments: [provider.rawValue, country, name])
        let renamed = countryNames[key] != nil
        countryNames[key] = name
        guard renamed else { return }
        let platforms = Set(platformIDs.lazy.filter { $0.key.provider == provider }.map(\.value))
        for series in seriesIDs.keys where series.country == country && platforms.contains(series.platform) {
            pairsRevision[series.platform] = revision
        }
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
