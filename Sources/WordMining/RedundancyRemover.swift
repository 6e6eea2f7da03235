import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// nlp-zero's redundancy removal (去冗) over a vocabulary table, in place.
///
/// The words are visited by decreasing length (ties in insertion order). Each word w of two or
/// more characters is taken out of the unigram model and segmented by the others; when
/// `log p(w) − Σ log p(sub) < len(w) − 1` it stays removed and its count goes to each sub-word,
/// otherwise it is put back. Like nlp-zero's Trie, the cached log-total is refreshed when a count
/// is set but not when a word is deleted; this drift is reproduced so the results match.
///
/// References: kexue.fm/archives/6540 §1.1 step 7.
struct RedundancyRemover {
    let vocab: StringTable
    var total: Int64 = 0
    var logTotal: Double = 0

    init(vocab: StringTable) {
        self.vocab = vocab
        for i in 0..<vocab.count { total += max(0, vocab.count(at: i)) }
        logTotal = zlog(Double(total))
    }

    /// Returns the number of words removed.
    mutating func run() throws -> Int {
        let lens = (0..<vocab.count).map { vocab.chars(at: $0) }
        let order = (0..<vocab.count).filter { vocab.count(at: $0) > 0 }
            .sorted { lens[$0] != lens[$1] ? lens[$0] > lens[$1] : $0 < $1 }
        // Longest word per first character: words are only removed or re-added, and sub-words
        // already exist (or are single characters), so the bound computed once stays valid.
        var maxLen = [UInt8](repeating: 0, count: 65536)
        ck_strtab_max_len_by_first(vocab.raw, &maxLen)
        for i in 0..<65536 where maxLen[i] == 0 { maxLen[i] = 1 }
        var removed = 0
        var ends = [Int64](repeating: 0, count: 64)
        var key = [CChar](repeating: 0, count: 256)
        for w in order {
            let len = vocab.chars(at: w)
            if len < 2 { continue }
            let num = vocab.count(at: w)
            var pmi = zlog(Double(num)) - logTotal
            vocab.setCount(at: w, 0)
            total -= num
            let kb = vocab.keyBytes(w)
            if key.count < kb.count { key = [CChar](repeating: 0, count: kb.count) }
            if ends.count < len { ends = [Int64](repeating: 0, count: len) }
            _ = key.withUnsafeMutableBufferPointer { memcpy($0.baseAddress!, kb.baseAddress!, kb.count) }
            let pieces = try key.withUnsafeBufferPointer { k -> [Range<Int>] in
                let m = ends.withUnsafeMutableBufferPointer { e in
                    maxLen.withUnsafeBufferPointer { ml in
                        ck_unigram_segment(k.baseAddress, kb.count, vocab.raw, ml.baseAddress, logTotal, -100, e.baseAddress)
                    }
                }
                guard m >= 0 else { throw WordMiningError.outOfMemory(what: "segmentation") }
                return combineAlphanumeric(k, ends: ends[0..<Int(m)])
            }
            var subIndex: [Int?] = []
            subIndex.reserveCapacity(pieces.count)
            key.withUnsafeBufferPointer { k in
                for p in pieces {
                    let i = vocab.find(k.baseAddress! + p.lowerBound, p.count)
                    subIndex.append(i)
                    pmi -= zlog(Double(i.map { vocab.count(at: $0) } ?? 0)) - logTotal
                }
            }
            if pmi < Double(len - 1) {
                for (j, p) in pieces.enumerated() {
                    if let i = subIndex[j] {
                        vocab.setCount(at: i, vocab.count(at: i) + num)
                    } else {
                        let added = try key.withUnsafeBufferPointer { k in try vocab.add(k.baseAddress! + p.lowerBound, p.count, num) }
                        // keep the per-first-character bound valid for the new entry
                        let kb2 = vocab.keyBytes(added)
                        let s = String(decoding: UnsafeRawBufferPointer(kb2), as: UTF8.self).unicodeScalars
                        if let f = s.first, f.value < 65536 { maxLen[Int(f.value)] = max(maxLen[Int(f.value)], UInt8(min(255, s.count))) }
                    }
                    total += num
                    logTotal = zlog(Double(total))
                }
                removed += 1
            } else {
                vocab.setCount(at: w, num)
                total += num
                logTotal = zlog(Double(total))
            }
        }
        return removed
    }
}

@inline(__always) private func isAlnum(_ c: CChar) -> Bool {
    let u = UInt8(bitPattern: c)
    return (u >= 48 && u <= 57) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122)
}

/// nlp-zero's `combine_Aa123`: after a token ending in an ASCII letter or digit, following tokens
/// made only of letters, digits and '.' are glued to it. Input: token end offsets; output: ranges.
func combineAlphanumeric(_ s: UnsafeBufferPointer<CChar>, ends: ArraySlice<Int64>) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var combine = false
    var start = 0
    for e64 in ends {
        let end = Int(e64)
        let tok = start..<end
        start = end
        if isAlnum(s[end - 1]) {
            if combine {
                if tok.allSatisfy({ isAlnum(s[$0]) || s[$0] == 46 }) {
                    out[out.count - 1] = out[out.count - 1].lowerBound..<end
                } else {
                    combine = false
                    out.append(tok)
                }
            } else {
                combine = true
                out.append(tok)
            }
        } else {
            combine = false
            out.append(tok)
        }
    }
    return out
}
