import Testing

/// Service codes on the command line are checked before anything is opened or sent; a bad list
/// is bad usage: exit 2 with one line saying what is wrong (as when `ServiceSet` threw the
/// provider client's error; it has an error of its own now).
@Suite struct ServiceCodeUsageTests {
    static let sixServices = "numwatch: invalid request: 6 services given: the provider prices and sells at most 5 on one number"

    @Test(arguments: [
        (["prices", "a", "b", "c", "d", "e", "f"], sixServices),
        (["prices", "--separately", "telegram", "tele gram"], "numwatch: invalid request: service code \"tele gram\" may hold only a-z, 0-9, _ and -"),
        (["number", "take", "--country", "russia", "a", "b", "c", "d", "e", "f"], sixServices),
        (["number", "take", "--country", "russia", " "], "numwatch: invalid request: an empty service code"),
    ])
    func badServiceCodesExitTwoWithTheirReason(_ line: [String], _ expected: String) async {
        let result = await CLIFuzzTests.run(line, cancelled: false)
        #expect(result.code == 2)
        #expect(result.errors == [expected])
    }
}
