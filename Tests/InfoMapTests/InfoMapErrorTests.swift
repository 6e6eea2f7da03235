import Testing
import InfoMap

@Suite struct InfoMapErrorTests {
    @Test func malformedLineNamesFileLineAndExpectation() {
        let e = InfoMapError.malformedLine(file: "g.txt", line: 3, text: "a b", expected: "two integer node ids")
        #expect(e.description == "g.txt:3: cannot parse \"a b\": expected two integer node ids")
    }

    @Test func invalidPartitionNamesNodePathAndExpectation() {
        let e = InfoMapError.invalidPartition(node: 9, path: [1], expected: "a non-empty module path")
        #expect(e.description == "node 9 (module path [1]): expected a non-empty module path")
    }
}
