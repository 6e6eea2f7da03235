import Foundation

/// Comparisons between two partitions of the same nodes.
public enum PartitionComparison {
    /// Normalised mutual information I(A;B) / ((H(A) + H(B)) / 2) of two labelings (arithmetic
    /// normalisation, as scikit-learn's default). Label-invariant; two trivial partitions give 1,
    /// one trivial against a non-trivial one gives 0.
    public static func nmi(_ a: [Int], _ b: [Int]) -> Double {
        precondition(a.count == b.count, "PartitionComparison.nmi: \(a.count) vs \(b.count) labels")
        let n = Double(a.count)
        var ca: [Int: Double] = [:], cb: [Int: Double] = [:], cab: [Int64: Double] = [:]
        for i in 0..<a.count {
            ca[a[i], default: 0] += 1; cb[b[i], default: 0] += 1
            cab[Int64(a[i]) << 32 | Int64(b[i]), default: 0] += 1
        }
        func h(_ c: [Int: Double]) -> Double { c.values.reduce(0) { $0 - ($1 / n) * log($1 / n) } }
        let ha = h(ca), hb = h(cb)
        if ha == 0 && hb == 0 { return 1 }
        var mi = 0.0
        for (k, v) in cab {
            let x = ca[Int(k >> 32)]!, y = cb[Int(k & 0xffff_ffff)]!
            mi += (v / n) * log(v * n / (x * y))
        }
        let denom = (ha + hb) / 2
        return denom > 0 ? max(0, mi / denom) : 0
    }
}
