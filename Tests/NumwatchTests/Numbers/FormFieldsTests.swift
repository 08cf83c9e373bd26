import Testing
@testable import Web

/// The form reader behind the SMS push: whatever bytes arrive, an answer (fields, or nil for a
/// body that is not a form), never a trap.
@Suite struct FormFieldsTests {
    @Test func aMultipartBodyWithADelimiterAndNoPartIsNotAForm() {
        // Its part would end before it begins: this body stopped serve before the reader was fixed.
        #expect(FormFields.multipart(Array("--X\r\n--X--".utf8), boundary: "X") == nil)
        #expect(FormFields.multipart(Array("--X\r\n--X\r\n--X--".utf8), boundary: "X") == nil)
        let empty = FormFields.multipart(Array("--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--X--".utf8), boundary: "X")
        #expect(empty?.map(\.name) == ["a"])
        #expect(empty?.map(\.value) == [""])
    }

    /// Every body of up to five pieces cut from the multipart syntax itself.
    @Test func everyShortBodyOfMultipartPiecesIsReadWithoutATrap() {
        let pieces = ["--X", "\r\n", "--", "\r\n\r\n", "Content-Disposition: form-data; name=\"a\"", "v", "X"]
        var bodies: [[UInt8]] = [[]]
        for _ in 0..<5 {
            bodies = bodies + bodies.flatMap { body in pieces.map { body + Array($0.utf8) } }
        }
        var forms = 0
        for body in Set(bodies) where FormFields.multipart(body, boundary: "X") != nil { forms += 1 }
        // Some of them are forms (the walk reaches a closing delimiter), most are not.
        #expect(forms > 0)
        #expect(forms < bodies.count)
    }

    /// A push's number id is the sender's text: the log line shows at most 64 characters of it.
    @Test func aLongNumberIDIsCutInTheLog() {
        #expect(CallbackController.logged(String(repeating: "a", count: 65_000)) == String(repeating: "a", count: 64) + "…")
        #expect(CallbackController.logged("Yer0MyGxWb") == "Yer0MyGxWb")
    }
}
