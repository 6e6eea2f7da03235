import CKernels.Words
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

    /// Returns the number of words removed. The work is done by `ck_redundancy_remove`, which
    /// mirrors the vocabulary with UTF-16 keys (keys of up to four units hashed and compared as one
    /// 64-bit word) so that the many sub-string look-ups of the segmentation stay cheap.
    /// - Throws: `WordMiningError.outOfMemory`.
    mutating func run() throws -> Int {
        let r = ck_redundancy_remove(vocab.raw, -100, &total, &logTotal)
        guard r >= 0 else { throw WordMiningError.outOfMemory(what: r == -2 ? "redundancy removal (duplicate keys)" : "redundancy removal") }
        return Int(r)
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
