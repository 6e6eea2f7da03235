/// Turns pointer probabilities into spans and triples (§2.5).
///
/// Subjects: every position whose start probability exceeds `subjectStart` (0.5) opens a
/// subject that ends at the nearest position at or after it whose end probability exceeds
/// `subjectEnd` (0.4). Objects: start hits `(position, predicate)` above `objectStart` (0.5)
/// and end hits above `objectEnd` (0.4) are listed by position, then predicate (NumPy `where`
/// order); each start takes the first end hit at or after it with the same predicate.
///
/// References: kexue.fm/archives/6671 §2.5; bojone/kg-2019 `extract_items`.
public struct PointerDecoder: Sendable {
    /// Start threshold for subjects.
    public var subjectStart: Float
    /// End threshold for subjects.
    public var subjectEnd: Float
    /// Start threshold for objects.
    public var objectStart: Float
    /// End threshold for objects.
    public var objectEnd: Float

    /// The article's thresholds by default: 0.5 for starts, 0.4 for ends.
    public init(subjectStart: Float = 0.5, subjectEnd: Float = 0.4, objectStart: Float = 0.5, objectEnd: Float = 0.4) {
        self.subjectStart = subjectStart
        self.subjectEnd = subjectEnd
        self.objectStart = objectStart
        self.objectEnd = objectEnd
    }

    /// Subject spans (end exclusive) in order of their start.
    /// - Parameters: starts, ends: one probability per position (same length).
    public func subjects(starts: [Float], ends: [Float]) -> [Span] {
        precondition(starts.count == ends.count, "PointerDecoder.subjects: \(starts.count) starts vs \(ends.count) ends")
        let endHits = ends.indices.filter { ends[$0] > subjectEnd }
        var out: [Span] = []
        var e = 0
        for i in starts.indices where starts[i] > subjectStart {
            while e < endHits.count && endHits[e] < i { e += 1 }
            guard e < endHits.count else { break }
            out.append(Span(i, endHits[e] + 1))
        }
        return out
    }

    /// Objects of one subject as (span, predicate class), in order of their start hit.
    /// - Parameters: starts, ends: `[length · predicates]` row-major probabilities.
    public func objects(starts: [Float], ends: [Float], predicates: Int) -> [ObjectLabel] {
        precondition(
            starts.count == ends.count && predicates > 0 && starts.count % predicates == 0,
            "PointerDecoder.objects: \(starts.count) starts, \(ends.count) ends, \(predicates) predicates")
        let endHits = ends.indices.filter { ends[$0] > objectEnd }  // flat index = position·P + class
        var out: [ObjectLabel] = []
        for s in starts.indices where starts[s] > objectStart {
            let (p1, c1) = (s / predicates, s % predicates)
            for e in endHits {
                let (p2, c2) = (e / predicates, e % predicates)
                if p1 <= p2 && c1 == c2 {
                    out.append(ObjectLabel(span: Span(p1, p2 + 1), predicate: c1))
                    break
                }
            }
        }
        return out
    }
}

/// Rule-based clean-up of decoded triples, as in Su's `extract_items` for LIC2019.
public struct PostRules: Sendable {
    /// Pairs (p, q): a triple (s, p, o) also yields (o, q, s), and (s, q, o) yields (o, p, s).
    public var inversePairs: [(String, String)]
    /// Drop 歌手 / 作词 / 作曲 triples whose subject is a predicted album and not a predicted song.
    public var dropAlbumSongTriples: Bool

    /// No rules (the default for data other than LIC2019).
    public static let none = PostRules(inversePairs: [], dropAlbumSongTriples: false)
    /// The LIC2019 rules of the article: 妻子 ↔ 丈夫 and the album filter.
    public static let lic2019 = PostRules(inversePairs: [("妻子", "丈夫")], dropAlbumSongTriples: true)

    /// - Parameters: inversePairs: symmetric predicate pairs; dropAlbumSongTriples: the album filter.
    public init(inversePairs: [(String, String)], dropAlbumSongTriples: Bool) {
        self.inversePairs = inversePairs
        self.dropAlbumSongTriples = dropAlbumSongTriples
    }

    /// The triples with the rules applied, duplicates removed, first occurrence order kept.
    public func apply(_ triples: [Triple]) -> [Triple] {
        var all = triples
        var albums: Set<String> = [], songs: Set<String> = []
        for t in triples {
            for (p, q) in inversePairs {
                if t.predicate == p { all.append(Triple(t.object, q, t.subject)) } else if t.predicate == q { all.append(Triple(t.object, p, t.subject)) }
            }
            if t.predicate == Repair.albumPredicate {
                albums.insert(t.object)
                songs.insert(t.subject)
            }
        }
        var seen: Set<Triple> = []
        return all.filter { t in
            if dropAlbumSongTriples && Repair.songPredicates.contains(t.predicate) && albums.contains(t.subject)
                && !songs.contains(t.subject)
            {
                return false
            }
            return seen.insert(t).inserted
        }
    }
}
