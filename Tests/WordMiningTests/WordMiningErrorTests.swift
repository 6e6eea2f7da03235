import Testing
import WordMining

@Suite struct WordMiningErrorTests {
    @Test func malformedLineNamesFileLineAndExpectation() {
        let e = WordMiningError.malformedLine(file: "v.txt", line: 2, text: "x", expected: "a word and 100 floats")
        #expect(e.description == "v.txt:2: cannot parse \"x\": expected a word and 100 floats")
    }
}
