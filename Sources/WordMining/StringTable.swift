import CKernels.Words

/// Insertion-ordered table from UTF-8 strings to counts, backed by the C `ck_strtab`.
///
/// Internal: the discovery code uses it for characters, pairs, fragments and the tokenizer's
/// vocabulary. Entry indices stay valid until `prune`.
final class StringTable {
    let raw: OpaquePointer
    let name: String

    init(_ name: String) throws {
        guard let t = ck_strtab_new() else { throw WordMiningError.outOfMemory(what: name) }
        raw = t
        self.name = name
    }

    deinit { ck_strtab_free(raw) }

    var count: Int { ck_strtab_size(raw) }
    var heapBytes: Int { ck_strtab_bytes(raw) }
    var maxChars: Int { Int(ck_strtab_max_nchars(raw)) }

    @discardableResult
    func add(_ p: UnsafePointer<CChar>, _ len: Int, _ delta: Int64) throws -> Int {
        let i = ck_strtab_add(raw, p, len, delta)
        guard i >= 0 else { throw WordMiningError.outOfMemory(what: name) }
        return Int(i)
    }

    @discardableResult
    func add(_ s: String, _ delta: Int64) throws -> Int {
        let bytes = Array(s.utf8CString)
        return try bytes.withUnsafeBufferPointer { try add($0.baseAddress!, bytes.count - 1, delta) }
    }

    func find(_ p: UnsafePointer<CChar>, _ len: Int) -> Int? {
        let i = ck_strtab_find(raw, p, len)
        return i >= 0 ? Int(i) : nil
    }

    func find(_ s: String) -> Int? {
        let bytes = Array(s.utf8CString)
        return bytes.withUnsafeBufferPointer { find($0.baseAddress!, bytes.count - 1) }
    }

    func key(_ i: Int) -> String {
        var len = 0
        let p = ck_strtab_key(raw, i, &len)!
        return String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self)
    }

    func keyBytes(_ i: Int) -> UnsafeBufferPointer<CChar> {
        var len = 0
        let p = ck_strtab_key(raw, i, &len)!
        return UnsafeBufferPointer(start: p, count: len)
    }

    func count(at i: Int) -> Int64 { ck_strtab_count(raw, i) }
    func setCount(at i: Int, _ c: Int64) { ck_strtab_set_count(raw, i, c) }
    func chars(at i: Int) -> Int { Int(ck_strtab_nchars(raw, i)) }

    /// Drops entries with count < `minCount` and at least `minChars` characters; returns the dropped
    /// mass per key length (index = characters).
    func prune(minCount: Int64, minChars: Int, massCapacity: Int) throws -> [Int64] {
        var mass = [Int64](repeating: 0, count: massCapacity)
        let r = mass.withUnsafeMutableBufferPointer {
            ck_strtab_prune(raw, minCount, Int32(minChars), $0.baseAddress, massCapacity)
        }
        guard r == 0 else { throw WordMiningError.outOfMemory(what: name) }
        return mass
    }
}

/// Table from character pairs `(first << 16) | second` to counts, backed by the C `ck_u32tab`.
final class PairTable {
    let raw: OpaquePointer
    let name: String

    init(_ name: String, expected: Int = 0) throws {
        guard let t = ck_u32tab_new(expected) else { throw WordMiningError.outOfMemory(what: name) }
        raw = t
        self.name = name
    }

    deinit { ck_u32tab_free(raw) }

    var count: Int { ck_u32tab_size(raw) }
    var heapBytes: Int { ck_u32tab_bytes(raw) }
    /// Sum of the counts.
    var total: Int64 { ck_u32tab_total(raw) }

    /// Drops entries with count < `minCount`; returns the dropped mass.
    func prune(minCount: Int64) throws -> Int64 {
        var removed: Int64 = 0
        guard ck_u32tab_prune(raw, minCount, &removed) == 0 else { throw WordMiningError.outOfMemory(what: name) }
        return removed
    }
}

/// Insertion-ordered table from strings of UTF-16 code units to counts, backed by the C
/// `ck_cptab` (keys of up to four units are one packed 64-bit word). Used for WordFinder's fragments.
final class CodeUnitTable {
    let raw: OpaquePointer
    let name: String

    init(_ name: String, expected: Int = 0) throws {
        guard let t = ck_cptab_new(expected) else { throw WordMiningError.outOfMemory(what: name) }
        raw = t
        self.name = name
    }

    deinit { ck_cptab_free(raw) }

    var count: Int { ck_cptab_size(raw) }
    var heapBytes: Int { ck_cptab_bytes(raw) }

    /// Drops entries with count < `minCount`.
    func prune(minCount: Int64) throws {
        guard ck_cptab_prune(raw, minCount) == 0 else { throw WordMiningError.outOfMemory(what: name) }
    }
}

/// Set of character pairs `(first << 16) | second`, backed by the C `ck_u32set` (keys only).
final class PairSet {
    let raw: OpaquePointer
    let name: String

    init(_ name: String, expected: Int = 0) throws {
        guard let t = ck_u32set_new(expected) else { throw WordMiningError.outOfMemory(what: name) }
        raw = t
        self.name = name
    }

    deinit { ck_u32set_free(raw) }

    var count: Int { ck_u32set_size(raw) }
    var heapBytes: Int { ck_u32set_bytes(raw) }
}
