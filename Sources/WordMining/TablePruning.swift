import CKernels.Words

/// A counting table that bounds its memory by dropping its rarest entries.
protocol PrunableCountTable: AnyObject {
    /// Number of entries.
    var count: Int { get }
    /// Drops the entries with count < `minCount`; returns the count mass dropped.
    func dropBelow(_ minCount: Int64) throws -> Int64
    /// The counts of all entries, in no particular order.
    func allCounts() -> [Int64]
}

/// The pruning floor of one counting table: entries under the floor are dropped when the table
/// grows past its limit, as word2vec's ReduceVocab does.
///
/// The floor starts at 2 and rises only while a prune at it leaves more than `target` entries.
/// It then doubles, but never past the selection floor, the smallest floor that keeps at most
/// `target` entries (the (target+1)-th largest count plus one). A prune at the selection floor
/// always reaches the target, so `prune` ends after at most about 63 rounds for any limit and any
/// counts, and the floor cannot overflow. Doubling keeps the number of rounds (and selections,
/// each a linear pass) small; the clamp keeps a tiny limit from emptying the table: when doubling
/// would pass every count, the most frequent `target` entries (less ties) survive.
struct PruningFloor {
    /// The current floor (entries with a smaller count are dropped).
    private(set) var floor: Int64 = 2
    /// Prunes done so far.
    private(set) var prunes = 0

    /// Prunes `table` until it holds at most `target` entries; returns the count mass dropped.
    mutating func prune(_ table: some PrunableCountTable, to target: Int) throws -> Int64 {
        var dropped: Int64 = 0
        while table.count > target {
            dropped += try table.dropBelow(floor)
            prunes += 1
            guard table.count > target else { break }
            let doubled = floor > Int64.max / 2 ? Int64.max : floor * 2
            floor = min(doubled, Self.selectionFloor(table.allCounts(), keep: target))
        }
        return dropped
    }

    /// The smallest floor that keeps at most `keep` of `counts` (more than `keep` of them): the
    /// (keep+1)-th largest count plus one, found by quickselect in linear expected time. Entries
    /// tied with it are dropped together, so fewer than `keep` may remain.
    static func selectionFloor(_ counts: [Int64], keep: Int) -> Int64 {
        precondition(counts.count > keep && keep >= 0, "selectionFloor: \(counts.count) counts, keep \(keep)")
        var a = counts
        var lo = 0, hi = a.count - 1
        let k = keep  // index of the wanted value in descending order
        var rng = SystemRandomNumberGenerator()
        while lo < hi {
            a.swapAt(Int.random(in: lo...hi, using: &rng), hi)
            let pivot = a[hi]
            var store = lo
            for i in lo..<hi where a[i] > pivot {
                a.swapAt(i, store)
                store += 1
            }
            a.swapAt(store, hi)
            if store == k { break } else if store < k { lo = store + 1 } else { hi = store - 1 }
        }
        let c = a[k]
        return c == Int64.max ? Int64.max : c + 1
    }
}

extension PairTable: PrunableCountTable {
    func dropBelow(_ minCount: Int64) throws -> Int64 { try prune(minCount: minCount) }

    func allCounts() -> [Int64] {
        var out: [Int64] = []
        out.reserveCapacity(count)
        var key: UInt32 = 0, c: Int64 = 0
        for i in 0..<ck_u32tab_capacity(raw) where ck_u32tab_slot(raw, i, &key, &c) != 0 { out.append(c) }
        return out
    }
}

extension CodeUnitTable: PrunableCountTable {
    func dropBelow(_ minCount: Int64) throws -> Int64 {
        try prune(minCount: minCount)
        return 0
    }

    func allCounts() -> [Int64] { (0..<count).map { ck_cptab_count(raw, $0) } }
}

/// The entries of an n-gram `StringTable` that a prune may drop: those of at least `minChars`
/// characters (shorter ones, the single characters, are always kept).
final class PrunableNGrams: PrunableCountTable {
    let table: StringTable
    let minChars: Int

    init(_ table: StringTable, minChars: Int) {
        self.table = table
        self.minChars = minChars
    }

    var count: Int { (0..<table.count).reduce(0) { $0 + (table.chars(at: $1) >= minChars ? 1 : 0) } }

    func dropBelow(_ minCount: Int64) throws -> Int64 {
        _ = try table.prune(minCount: minCount, minChars: minChars, massCapacity: 0)
        return 0
    }

    func allCounts() -> [Int64] { (0..<table.count).filter { table.chars(at: $0) >= minChars }.map { table.count(at: $0) } }
}
