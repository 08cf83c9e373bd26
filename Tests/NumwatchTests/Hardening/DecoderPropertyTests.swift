import Foundation
import NIOCore
import NIOHTTP1
import PropertyBased
@testable import ProviderAPI
import Testing

/// Every decoder of a provider answer, fed random JSON trees with the real field names, mutated
/// copies of the document's own answers and random bytes: it answers data or a `ProviderError`,
/// never crashes, and never repeats the token. Valid generated answers decode to what was generated.
@Suite struct DecoderPropertyTests {
    static let token = "tok-SECRET-4242"
    let classifier = ResponseClassifier(token: Self.token)

    /// Classifies and then reads the body as every answer numwatch expects; the errors it met.
    func readEverything(_ body: Data, status: Int = 200, headers: HTTPHeaders = ["Content-Type": "application/json"]) -> [ProviderError] {
        var errors: [ProviderError] = []
        func attempt<T>(_ read: () throws(ProviderError) -> T) {
            do { _ = try read() } catch { errors.append(error) }
        }
        do {
            let answer = try classifier.classify(status: status, headers: headers, body: ByteBuffer(bytes: body))
            attempt { () throws(ProviderError) in try answer.decode(CreditBody.self) }
            attempt { () throws(ProviderError) in try answer.decode(DataBody<LossyList<PriceRow>>.self) }
            attempt { () throws(ProviderError) in try answer.decode(DataBody<OneOrMany<IssuedNumber>>.self) }
            attempt { () throws(ProviderError) in try answer.decode(DataBody<NumberStatus>.self) }
            attempt { () throws(ProviderError) in try answer.decode(MessageBody.self) }
        } catch {
            errors.append(error)
        }
        return errors
    }

    /// What an error may say: no token, and an excerpt that is short and on one line.
    func expectSafe(_ errors: [ProviderError]) {
        for error in errors {
            #expect(!error.description.contains(Self.token))
            if case let .malformed(_, _, excerpt) = error {
                #expect(excerpt.count <= 120)
                #expect(!excerpt.unicodeScalars.contains { $0.value < 0x20 }, "excerpt \(excerpt.debugDescription)")
            }
        }
    }

    static let fixtures = ["credit", "pricing", "take_one", "take_many", "check", "cancel", "error"]

    @Test func randomJSONTreesWithTheProvidersFieldNames() async {
        await propertyCheck(count: 400, input: Generators.answerTree) { tree in
            expectSafe(readEverything(tree.data))
        }
    }

    @Test func mutatedCopiesOfTheDocumentsAnswers() async throws {
        let originals = try Self.fixtures.map { try fixture("provider/\($0).json") }
        let mutated = Generator<Data, Shrink.None<Data>>(run: { rng in
            var copy = Generators.pick(originals, &rng)
            // Sometimes the token itself is planted, as a hostile or careless provider might echo it.
            if Bool.random(using: &rng) { copy = Data(String(decoding: copy, as: UTF8.self).replacingOccurrences(of: "\"", with: "\"\(Self.token)", options: [], range: nil).utf8) }
            return Generators.mutate(copy, &rng)
        })
        await propertyCheck(count: 600, input: mutated) { body in
            expectSafe(readEverything(body))
        }
    }

    @Test func randomBytes() async {
        await propertyCheck(count: 300, input: Generators.randomBytes) { body in
            expectSafe(readEverything(body))
        }
    }

    /// Random status codes, content types, Retry-After values and bodies through the classifier.
    @Test func classifierAnswersEveryStatusHeaderAndBody() async {
        let answers = Generator<(Int, HTTPHeaders, Data), Shrink.None<(Int, HTTPHeaders, Data)>>(run: { rng in
            let status = Generators.pick([200, 201, 204, 301, 302, 400, 401, 403, 404, 422, 429, 500, 502, 503, Int.random(in: 100...599, using: &rng)], &rng)
            var headers = HTTPHeaders()
            if Int.random(in: 0..<4, using: &rng) > 0 {
                headers.add(name: "Content-Type", value: Generators.pick(["application/json", "text/html; charset=utf-8", "TEXT/HTML", "text/plain", "", "application/json\u{0}html"], &rng))
            }
            if Bool.random(using: &rng) {
                headers.add(name: "Retry-After", value: Generators.pick(["0", "-5", "60", " 120 ", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT", String(Int.max), "1e9"], &rng))
            }
            let body: Data = switch Int.random(in: 0..<4, using: &rng) {
            case 0: Data("<html><title>\(Generators.text(&rng)) \(Self.token)</title></html>".utf8)
            case 1: Data(#"{"status":"error","message":"\#(Generators.pick(["too many requests", "Your account is blocked", "توکن " + Self.token, "x"], &rng))"}"#.utf8)
            case 2: Generators.mutate(Data(#"{"status":"error","message":"The selected country is invalid."}"#.utf8), &rng)
            default: Generators.tree(&rng).data
            }
            return (status, headers, body)
        })
        await propertyCheck(count: 600, input: answers) { answer in
            let (status, headers, body) = answer
            let errors = readEverything(body, status: status, headers: headers)
            expectSafe(errors)
            let first = errors.first
            if (300..<400).contains(status) {
                guard case .unauthorized = first else { Issue.record("HTTP \(status) gave \(String(describing: first))"); return }
            }
            if !(200..<300).contains(status) {
                // Never data: every answer outside 2xx is one error, and the decoders never ran.
                #expect(errors.count == 1, "HTTP \(status)")
            }
            if case let .rateLimited(_, _, retryAfter) = first, let retryAfter {
                #expect((0...3_600).contains(retryAfter))
            }
        }
    }

    // MARK: Valid answers read back as generated

    /// A number written as the provider might: a JSON integer, a numeric string (padded or not)
    /// or an integral float.
    static func lenientNumber(_ value: Int, _ rng: inout any SeededRandomNumberGenerator) -> JSONTree {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: .string(String(value))
        case 1: .string(" \(value) ")
        case 2 where abs(value) < 1 << 52: .raw("\(value).0")
        default: .int(value)
        }
    }

    static func code(_ rng: inout any SeededRandomNumberGenerator) -> String {
        String((0..<Int.random(in: 1...12, using: &rng)).map { _ in Generators.pick(Array("abcdefghijklmnopqrstuvwxyz_-"), &rng) })
    }

    @Test func aValidPricingAnswerDecodesToTheRowsGeneratedAndDropsOnlyTheBadOnes() async throws {
        typealias Case = (rows: [PriceRow], body: Data, bad: Int)
        let answers = Generator<Case, Shrink.None<Case>>(run: { rng in
            var rows: [PriceRow] = []
            var items: [JSONTree] = []
            var bad = 0
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                if Int.random(in: 0..<5, using: &rng) == 0 {
                    bad += 1
                    items.append(Generators.pick([
                        .null, .int(3), .string("row"), .array([]),
                        .object([("country", .string("x")), ("price", .string("cheap"))]),
                        .object([("name", .string(Hostile.markup)), ("count", .int(1))]),
                        .object([("country", .object([])), ("price", .int(1))]),
                    ], &rng))
                    continue
                }
                let row = PriceRow(country: Self.code(&rng), name: Generators.text(&rng),
                                   count: Int.random(in: 0...1_000_000, using: &rng), price: Int.random(in: 0...100_000_000, using: &rng))
                rows.append(row)
                var fields: [(String, JSONTree)] = [
                    ("name", .string(row.name)), ("count", Self.lenientNumber(row.count, &rng)),
                    ("price", Self.lenientNumber(row.price, &rng)), ("country", .string(row.country)),
                ]
                if Bool.random(using: &rng) { fields.append(("extra", Generators.tree(&rng, depth: 2))) }
                items.append(.object(fields.shuffled(using: &rng)))
            }
            if rows.isEmpty {
                let row = PriceRow(country: "chad", name: Hostile.long, count: 1, price: 1)
                rows.append(row)
                items.append(.object([("country", .string("chad")), ("name", .string(row.name)), ("count", .int(1)), ("price", .int(1))]))
            }
            return (rows, JSONTree.object([("status", .string("success")), ("data", .array(items))]).data, bad)
        })
        await propertyCheck(count: 300, input: answers) { answer in
            do {
                let list = try classifier.classify(status: 200, headers: [:], body: ByteBuffer(bytes: answer.body))
                    .decode(DataBody<LossyList<PriceRow>>.self).data
                #expect(list.elements == answer.rows)
                #expect(list.dropped == answer.bad)
            } catch {
                Issue.record("a valid pricing answer was refused: \(error)")
            }
        }
    }

    @Test func aValidCreditAnswerDecodesToTheCreditGenerated() async {
        await propertyCheck(count: 300, input: Generator<(Int, Data), Shrink.None<(Int, Data)>>(run: { rng in
            let credit = Int.random(in: -1_000_000_000_000...1_000_000_000_000, using: &rng)
            return (credit, JSONTree.object([("credit", Self.lenientNumber(credit, &rng)), ("status", .string("success"))]).data)
        })) { answer in failOnThrow {
            let (credit, body) = answer
            let decoded = try classifier.classify(status: 200, headers: [:], body: ByteBuffer(bytes: body)).decode(CreditBody.self)
            #expect(decoded.credit == credit)
        } }
    }

    @Test func aValidTakeAnswerOfOneOrManyNumbersDecodesToTheNumbersGenerated() async {
        typealias Case = (ids: [String], numbers: [String], body: Data)
        await propertyCheck(count: 300, input: Generator<Case, Shrink.None<Case>>(run: { rng in
            let count = Int.random(in: 1...5, using: &rng)
            let ids = (0..<count).map { _ in Generators.text(&rng) }
            let numbers = (0..<count).map { _ in Generators.text(&rng) }
            let items = zip(ids, numbers).map { id, number in
                JSONTree.object([("number_id", .string(id)), ("number", .string(number)), ("service", .string(Generators.text(&rng))),
                                 ("country", .string(Generators.text(&rng))), ("area_code", Self.lenientNumber(Int.random(in: 1...999, using: &rng), &rng)),
                                 ("is_rented", Generators.pick([.null, .bool(true), .int(0), .string("1")], &rng)),
                                 ("expires_at", .string("2021-01-11T16:46:50.211439Z"))])
            }
            let data = count == 1 && Bool.random(using: &rng) ? items[0] : JSONTree.array(items)
            return (ids, numbers, JSONTree.object([("data", data), ("status", .string("success"))]).data)
        })) { answer in failOnThrow {
            let issued = try classifier.classify(status: 200, headers: [:], body: ByteBuffer(bytes: answer.body))
                .decode(DataBody<OneOrMany<IssuedNumber>>.self).data.elements
            #expect(issued.map(\.numberID) == answer.ids)
            #expect(issued.map(\.number) == answer.numbers)
        } }
    }

    @Test func aValidCheckAnswerDecodesToTheMessagesGenerated() async {
        typealias Case = (contents: [String], number: String, body: Data)
        await propertyCheck(count: 300, input: Generator<Case, Shrink.None<Case>>(run: { rng in
            // The number is text, kept as given (spaces and all); as a JSON number it reads as its digits.
            let number = Self.lenientNumber(9_610_461_240, &rng)
            let numberText = if case let .string(text) = number { text } else { "9610461240" }
            let contents = (0..<Int.random(in: 0...4, using: &rng)).map { _ in Generators.text(&rng) }
            let messages = contents.enumerated().map { index, content in
                JSONTree.object([("id", Self.lenientNumber(index + 1, &rng)), ("content", .string(content)),
                                 ("from", .string(Generators.text(&rng))), ("is_received", .int(1)),
                                 ("created_at", .string("2021-01-11 20:12:13"))])
            }
            let data = JSONTree.object([("number_id", .string("5eVm0gqD1d")), ("number", number),
                                        ("messages", .array(messages)), ("is_rented", .bool(false))])
            return (contents, numberText, JSONTree.object([("data", data), ("status", .string("success"))]).data)
        })) { answer in failOnThrow {
            let status = try classifier.classify(status: 200, headers: [:], body: ByteBuffer(bytes: answer.body))
                .decode(DataBody<NumberStatus>.self).data
            #expect(status.messages.map(\.content) == answer.contents)
            #expect(status.number == answer.number)
        } }
    }

    @Test func aValidCancelAnswerKeepsTheProvidersMessage() async {
        await propertyCheck(count: 200, input: Generator<String, Shrink.None<String>>(run: { Generators.text(&$0) })) { message in failOnThrow {
            let body = JSONTree.object([("status", .string("success")), ("message", .string(message))]).data
            let decoded = try classifier.classify(status: 200, headers: [:], body: ByteBuffer(bytes: body)).decode(MessageBody.self)
            #expect(decoded.message == message)
        } }
    }
}
