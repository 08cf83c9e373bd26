import Domain
import Foundation
import NIOCore
import NIOHTTP1
@testable import ProviderAPI
import Testing

/// Decoding the API document's own sample bodies, verbatim, and what the document leaves open.
@Suite struct DecodingTests {
    let classifier = ResponseClassifier(token: "tok-123")

    func answer(_ body: Data, status: Int = 200, contentType: String = "application/json") throws(ProviderError) -> ClassifiedAnswer {
        try classifier.classify(status: status, headers: ["Content-Type": contentType], body: ByteBuffer(bytes: body))
    }

    func answer(_ text: String, status: Int = 200, contentType: String = "application/json") throws(ProviderError) -> ClassifiedAnswer {
        try answer(Data(text.utf8), status: status, contentType: contentType)
    }

    @Test func documentedCredit() throws {
        #expect(try answer(fixture("provider/credit.json")).decode(CreditBody.self).credit == 100_000)
    }

    @Test func documentedPricing() throws {
        let rows = try answer(fixture("provider/pricing.json")).decode(DataBody<LossyList<PriceRow>>.self).data.elements
        #expect(rows == [
            PriceRow(country: "romania", name: "رومانی", count: 188, price: 10_000),
            PriceRow(country: "colombia", name: "کلمبیا", count: 5995, price: 10_000),
            PriceRow(country: "malaysia", name: "مالزی", count: 14677, price: 10_000),
        ])
    }

    @Test func documentedTakeOfOneNumber() throws {
        let issued = try answer(fixture("provider/take_one.json")).decode(DataBody<OneOrMany<IssuedNumber>>.self).data.elements
        let number = try #require(issued.first)
        #expect(issued.count == 1)
        #expect(number.number == "7519859XX")
        #expect(number.numberID == "5eVm0gqD1d")
        #expect(number.areaCode == 40)
        #expect(number.isRented == nil)
        #expect(number.expiresAt?.microsecondsSince1970 == 1_610_383_610_211_439)
        #expect(number.expiresAt?.iso8601 == "2021-01-11T16:46:50.211439Z")
    }

    @Test func documentedTakeOfSeveralServices() throws {
        let issued = try answer(fixture("provider/take_many.json")).decode(DataBody<OneOrMany<IssuedNumber>>.self).data.elements
        #expect(issued.map(\.numberID) == ["zbqjMwE0kd", "Yer0MyGxWb"])
        #expect(issued.map(\.service) == ["telegram", "whatsapp"])
        #expect(issued.map(\.price) == [12_000, 12_000])
        #expect(issued.map(\.callback) == ["", ""])
        #expect(issued[1].expiresAt?.iso8601 == "2021-01-11T16:42:13.851362Z")
    }

    @Test func documentedCheck() throws {
        let status = try answer(fixture("provider/check.json")).decode(DataBody<NumberStatus>.self).data
        #expect(status.number == "9610461240")
        #expect(status.isRented == false)
        // "2021-01-11 20:12:13" has no zone: Tehran's wall time (+03:30 that January).
        #expect(status.expiresAt?.iso8601 == "2021-01-11T16:42:13.000000Z")
        let message = try #require(status.messages.first)
        #expect(message.content == "509773")
        #expect(message.isReceived == true)
        #expect(message.messageID == "ak5WDO14rTBc4IyAC906S4qIAJNPDsaQVqLCSoDA")
    }

    /// The document's own evidence: number Yer0MyGxWb expires `2021-01-11T16:42:13.851362Z` in the
    /// bundle take answer and `2021-01-11 20:12:13` in the check answer. One instant, to the second.
    @Test func theTakeAndCheckSamplesOfOneNumberExpireAtTheSameInstant() throws {
        let issued = try answer(fixture("provider/take_many.json")).decode(DataBody<OneOrMany<IssuedNumber>>.self).data.elements
        let taken = try #require(issued.first { $0.numberID == "Yer0MyGxWb" }?.expiresAt)
        let checked = try #require(try answer(fixture("provider/check.json")).decode(DataBody<NumberStatus>.self).data.expiresAt)
        #expect(taken.microsecondsSince1970 / 1_000_000 == checked.microsecondsSince1970 / 1_000_000)
        // Both samples also show a 20-minute lifetime (the text says 15).
        let created = try #require(issued.first { $0.numberID == "Yer0MyGxWb" }?.createdAt)
        #expect(Int(checked.secondsSince1970 - created.secondsSince1970) == 20 * 60)
    }

    /// Tehran as the IANA zone says, not a fixed +03:30: summer time (+04:30) until 2022.
    @Test func zonelessTimesFollowTehransHistoryOfSummerTime() throws {
        #expect(Timestamp(parsing: "2021-06-01 12:00:00")?.iso8601 == "2021-06-01T07:30:00.000000Z")
        #expect(Timestamp(parsing: "2021-01-11 12:00:00")?.iso8601 == "2021-01-11T08:30:00.000000Z")
        #expect(Timestamp(parsing: "2026-06-01 12:00:00")?.iso8601 == "2026-06-01T08:30:00.000000Z")
        // A zone, when given, still wins.
        #expect(Timestamp(parsing: "2021-06-01 12:00:00Z")?.iso8601 == "2021-06-01T12:00:00.000000Z")
        // The provider's day: Tehran's midnight is 20:30 UTC the evening before (in winter).
        let day = ProviderTime.day(of: Timestamp(parsing: "2026-11-29T20:29:59Z")!)
        #expect(day.date == "2026-11-29")
        #expect(day.end.iso8601 == "2026-11-29T20:30:00.000000Z")
        #expect(ProviderTime.day(of: Timestamp(parsing: "2026-11-29T20:30:00Z")!).date == "2026-11-30")
        // 2021-03-22: Tehran's clocks went from 00:00 to 01:00 (+04:30), so that day began at
        // 20:30 UTC the evening before, and 2021-03-21 was 24 hours long still.
        let beforeSkip = ProviderTime.day(of: Timestamp(parsing: "2021-03-21T20:00:00Z")!)
        #expect(beforeSkip.date == "2021-03-21")
        #expect(beforeSkip.end.iso8601 == "2021-03-21T20:30:00.000000Z")
        let skipped = ProviderTime.day(of: Timestamp(parsing: "2021-03-21T20:30:00Z")!)
        #expect(skipped.date == "2021-03-22")
        #expect(skipped.end.iso8601 == "2021-03-22T19:30:00.000000Z")  // 23 hours
    }

    @Test func documentedCancelAndError() throws {
        #expect(try answer(fixture("provider/cancel.json")).decode(MessageBody.self).message == "APPROPRIATE MESSAGE")
        let error = #expect(throws: ProviderError.self) { try answer(fixture("provider/error.json"), status: 400) }
        #expect(error == .provider(status: 400, message: "MESSAGE"))
    }

    @Test func numbersAsStringsFlagsAsBooleansAndUnknownFieldsDecode() throws {
        let body = #"""
        {"ok":true,"extra":{"nested":[1,2]},"data":[
          {"name":"کلمبیا","count":"1087","price":"12500.0","country":"colombia","flag":true},
          {"name":"x","count":5,"price":7000,"country":"chad"}]}
        """#
        let rows = try answer(body).decode(DataBody<LossyList<PriceRow>>.self).data.elements
        #expect(rows == [PriceRow(country: "colombia", name: "کلمبیا", count: 1087, price: 12_500),
                         PriceRow(country: "chad", name: "x", count: 5, price: 7000)])
        let number = #"{"data":{"number":96104612,"number_id":"a","is_rented":true,"area_code":"7","expires_at":"2021-01-11 20:12:13"}}"#
        let issued = try answer(number).decode(DataBody<OneOrMany<IssuedNumber>>.self).data.elements[0]
        #expect(issued.number == "96104612")
        #expect(issued.isRented == true)
        #expect(issued.areaCode == 7)
    }

    @Test func oneBadRowDoesNotHideTheOthers() throws {
        let body = #"{"data":[{"name":"a","count":1,"price":"n/a","country":"x"},7,{"name":"b","count":2,"price":3000,"country":"y"}]}"#
        let list = try answer(body).decode(DataBody<LossyList<PriceRow>>.self).data
        #expect(list.elements.map(\.country) == ["y"])
        #expect(list.dropped == 2)
    }

    @Test func theHTTPStatusDecidesAndErrorFlagsWithoutDataAreProviderErrors() throws {
        #expect(throws: ProviderError.provider(status: 200, message: "bad service")) {
            try answer(#"{"status":"error","message":"bad service"}"#)
        }
        // Disagreeing flags: the 200 decides.
        _ = try answer(#"{"status":"success","ok":false,"credit":5}"#)
    }

    @Test func htmlAndRedirectsAreAuthenticationFailuresOrPagesNeverData() throws {
        #expect(throws: ProviderError.unauthorized(status: 200, detail: "an HTML page (a login page?) instead of JSON; check the token")) {
            try answer("<html><title>Login</title></html>", contentType: "text/html")
        }
        #expect(throws: ProviderError.self) { try answer("", status: 302) }
        #expect(throws: ProviderError.htmlPage(status: 403, title: "Just a moment...")) {
            try answer("\n  <!DOCTYPE html><html><head><title>Just a\n moment...</title>", status: 403, contentType: "text/plain")
        }
    }

    @Test func excerptsAreShortAndNeverHoldTheToken() throws {
        let error = #expect(throws: ProviderError.self) {
            try answer("garbage tok-123 " + String(repeating: "x", count: 500)).decode(CreditBody.self)
        }
        guard case let .malformed(_, _, excerpt) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(excerpt.count <= 120)
        #expect(!excerpt.contains("tok-123"))
        #expect(excerpt.hasPrefix("garbage <redacted> xxx"))
    }

    @Test func blockMessagesOnOther40XAreRateLimits() throws {
        #expect(throws: ProviderError.rateLimited(status: 403, message: "You are blocked for one minute", retryAfterSeconds: nil)) {
            try answer(#"{"status":"error","message":"You are blocked for one minute"}"#, status: 403)
        }
    }
}

@Suite struct TimestampTests {
    @Test func bothDocumentedFormsParseAndMicrosecondsAreKept() throws {
        let iso = try #require(Timestamp(parsing: "2021-01-11T16:46:50.211439Z"))
        #expect(iso.microsecondsSince1970 % 1_000_000 == 211_439)
        #expect(iso.iso8601 == "2021-01-11T16:46:50.211439Z")
        let spaced = try #require(Timestamp(parsing: "2021-01-11 20:12:13"))
        #expect(spaced.iso8601 == "2021-01-11T16:42:13.000000Z")  // zone-less: Tehran
        #expect(Timestamp(parsing: "2021-01-11T20:12:13+03:30")?.iso8601 == "2021-01-11T16:42:13.000000Z")
        #expect(Timestamp(parsing: "1969-12-31T23:59:59.5Z")?.microsecondsSince1970 == -500_000)
        #expect(Timestamp(parsing: "1969-12-31T23:59:59.5Z")?.iso8601 == "1969-12-31T23:59:59.500000Z")
    }

    @Test(arguments: ["", "2021-01-11", "2021-13-01T00:00:00Z", "2021-01-11T16:46:50.Z", "2021-01-11T16:46:50Zjunk", "yesterday"])
    func nonsenseIsRejected(_ text: String) {
        #expect(Timestamp(parsing: text) == nil)
    }
}

@Suite struct ServiceSetTests {
    @Test func platformLabelIsSortedAndJoined() throws {
        let set = try ServiceSet(["whatsapp", "Telegram", "whatsapp"])
        #expect(set.codes == ["whatsapp", "telegram"])
        #expect(set.platform == "telegram+whatsapp")
        #expect(try ServiceSet(platform: "telegram+whatsapp").isBundle)
    }

    @Test func badCodesAreRefused() {
        #expect(throws: ServiceSetError.badCode("tele gram")) { try ServiceSet("tele gram") }
        #expect(throws: ServiceSetError.tooMany(6)) { try ServiceSet(["a", "b", "c", "d", "e", "f"]) }
    }
}
