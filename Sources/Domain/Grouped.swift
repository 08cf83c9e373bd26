/// `12,500`: thousands separated, as prices read in Toman. One definition for the CLI tables,
/// the report and the alert texts, so a price reads the same everywhere.
package func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return value < 0 ? "-" + out : out
}
